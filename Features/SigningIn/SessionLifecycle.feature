@auth
Feature: Session lifecycle
  A session must be renewable without the password and must end when its owner says so. A token that leaks
  after either of those must be worth nothing, on the API and on the agent channel alike.

  Rule: Refreshing gives a new token pair, and the old refresh token is retired

    Scenario: Alice refreshes her session and keeps working
      Given Alice has signed in with her password
      When Alice refreshes her session
      Then Alice's refreshed session shows her own profile

    @security
    Scenario: A refresh token that was already used is refused
      Given Alice has signed in with her password
      And Alice has refreshed her session
      When Alice attempts to refresh her session with the old refresh token
      Then it is refused with "session ended"

  Rule: Signing out ends the session everywhere

    @security
    Scenario: A signed-out session no longer opens Alice's conversations
      Given Alice has signed in with her password
      And Alice has signed out
      When Alice attempts to list conversations with her old session
      Then it is refused with "not signed in"

    @websocket @security
    Scenario: Signing out closes Alice's open agent channel
      Given Alice has signed in with her password
      And Alice has the agent channel open
      When Alice signs out
      Then Alice's agent channel is closed as a policy violation

  Rule: A token that stops being valid while its agent channel is open ends that channel at its next message

    @websocket @security @short-lived-tokens
    Scenario: Alice's agent channel ends when her token expires
      Given Alice has the agent channel open with a token that expires in moments
      When Alice's token has expired
      And Alice attempts to speak on the agent channel
      Then it is refused with "token expired"
      And Alice's agent channel is closed as a policy violation

    @websocket @security @short-lived-tokens
    Scenario: Alice's agent channel ends when her token is revoked
      Given Alice has the agent channel open with a stand-alone token
      When Alice's stand-alone token is revoked
      And Alice attempts to speak on the agent channel
      Then it is refused with "token revoked"
      And Alice's agent channel is closed as a policy violation
