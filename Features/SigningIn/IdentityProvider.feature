@oidc @auth
Feature: Signing in through the identity provider
  Real deployments put an OpenID Connect identity provider in front of their users. The platform this suite grew
  from did, and its staging tests never went through it: those tests were skipped and a bypass key stood in. Here
  people sign in through the provider as they do in production, and what the provider gives them must work
  everywhere, end when they end it, and never be handed out by a careless or forged request.

  Rule: People sign in through the identity provider and reach their conversations

    @browser @critical
    Scenario: Alice signs in through the identity provider in the browser
      When Alice signs in through the identity provider on the login page
      Then Alice sees her chat page

    @websocket
    Scenario: The provider's tokens open Alice's conversations and her agent channel
      Given Alice has signed in through the identity provider
      And Alice has the agent channel open
      When Alice asks the agent "How can I cut my GPU costs?"
      Then Alice receives an answer from the agent
      And the history of Alice's conversation holds her questions and the agent's answers in turn

    @security
    Scenario: Alice's ID token is genuine
      When Alice signs in through the identity provider
      Then Alice's ID token is genuine

  Rule: A refresh rotates the tokens, and the old refresh token is refused

    @security
    Scenario: A provider refresh token that was already used is refused
      Given Alice has signed in through the identity provider
      And Alice has refreshed her provider session
      When Alice attempts to refresh her provider session with the old refresh token
      Then it is refused with "invalid grant"

  Rule: Ending the session at the identity provider ends it everywhere

    @security
    Scenario: An ended provider session no longer opens Alice's conversations
      Given Alice has signed in through the identity provider
      And Alice has ended her session at the identity provider
      When Alice attempts to list conversations with her old session
      Then it is refused with "not signed in"

    @security
    Scenario: An ended provider session can no longer be refreshed
      Given Alice has signed in through the identity provider
      And Alice has ended her session at the identity provider
      When Alice attempts to refresh her provider session
      Then it is refused with "invalid grant"

    @websocket @security
    Scenario: Ending the session at the identity provider closes Alice's agent channel
      Given Alice has signed in through the identity provider
      And Alice has the agent channel open
      When Alice ends her session at the identity provider
      Then Alice's agent channel is closed as a policy violation

  Rule: The identity provider starts no sign-in that OAuth forbids

    @security
    Scenario: A sign-in without PKCE is refused
      When Alice's app attempts to start a sign-in without PKCE
      Then it is refused with "invalid authorization request"

    @security
    Scenario: A sign-in with plain PKCE is refused
      When Alice's app attempts to start a sign-in with plain PKCE
      Then it is refused with "invalid authorization request"

    @security
    Scenario: A sign-in for an unregistered return address is refused and never followed
      When Alice's app attempts to start a sign-in that returns to an unregistered address
      Then nobody is sent to the unregistered address
      And it is refused with "invalid authorization request"

    @security
    Scenario: A sign-in for an unknown app is refused
      When an unknown app attempts to start a sign-in for Alice
      Then it is refused with "invalid authorization request"

  Rule: A sign-in code gives tokens once, to the app that asked for it, with its proof

    @security
    Scenario: A code with the wrong proof is refused
      Given Alice has been given a sign-in code
      When Alice's app attempts to redeem the code with the wrong proof
      Then it is refused with "invalid grant"

    @security
    Scenario: A code that was already redeemed is refused
      Given Alice has been given a sign-in code
      And Alice's app has redeemed the code
      When Alice's app attempts to redeem the code again
      Then it is refused with "invalid grant"

    @security
    Scenario: A code presented by another app is refused
      Given Alice has been given a sign-in code
      When another app attempts to redeem Alice's code
      Then it is refused with "invalid grant"

    @security
    Scenario: A code presented by an unknown app is refused
      Given Alice has been given a sign-in code
      When an unknown app attempts to redeem Alice's code
      Then it is refused with "unknown client"
