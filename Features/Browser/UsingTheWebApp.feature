@browser
Feature: Using the platform in a browser
  Most people meet the platform through its web app. They must be able to sign in, watch the agent work
  before it answers, leave with the chat closed behind them, and do all of it with assistive technology.

  Rule: People sign in through the login page

    @critical
    Scenario: Alice signs in through the login page
      When Alice signs in through the login page
      Then Alice sees her chat page

  Rule: The agent's progress is shown before its answer

    @websocket
    Scenario: Alice watches the agent work before it answers
      Given Alice has signed in through the login page
      When Alice asks the agent "How can I cut my GPU costs?" in the browser
      Then Alice sees the agent thinking and its tool step before the answer

  Rule: Signing out leaves the chat closed behind

    Scenario: Signing out returns Alice to the login page
      Given Alice has signed in through the login page
      When Alice signs out in the browser
      Then Alice is on the login page

    @security
    Scenario: The chat page is closed to a signed-out visitor
      Given Alice has signed in through the login page
      And Alice has signed out in the browser
      When Alice attempts to open the chat page
      Then Alice is on the login page

  Rule: The pages have no serious or critical accessibility violations

    Scenario Outline: The <page> is accessible
      Given Alice is on the <page>
      When the <page> is checked for accessibility
      Then it has no serious or critical accessibility violations

      Examples:
        | page        |
        | login page  |
        | chat page   |
