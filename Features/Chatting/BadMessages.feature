@chat
Feature: Messages the platform cannot take
  Clients have bugs and people paste odd things. A bad message must get an error that says what was wrong,
  never a crash or a stack trace, and it must not cost the user their conversation.

  Background:
    Given Alice is signed in

  Rule: A bad message on the agent channel gets a clear error

    @websocket
    Scenario Outline: Alice sends <a bad message>
      Given Alice has the agent channel open
      When Alice attempts to send <a bad message>
      Then it is refused with "<refusal>"

      Examples:
        | a bad message                | refusal              |
        | a message that is not JSON   | malformed message    |
        | a message of an unknown type | unknown message type |
        | an oversized message         | message too large    |

  Rule: After a bad message the conversation stays usable

    @websocket
    Scenario Outline: Alice is still answered after <a bad message>
      Given Alice has the agent channel open
      And Alice has sent <a bad message>
      When Alice asks the agent "How can I cut my GPU costs?"
      Then Alice receives an answer from the agent

      Examples:
        | a bad message                |
        | a message that is not JSON   |
        | a message of an unknown type |
        | an oversized message         |

  Rule: The API refuses a bad request with a clear error

    Scenario Outline: The API refuses <a bad request>
      When Alice attempts to ask the agent directly with <a bad request>
      Then it is refused with "<refusal>"

      Examples:
        | a bad request               | refusal           |
        | a body that is not JSON     | malformed request |
        | a question without its text | invalid request   |
        | a body over 64 KB           | request too large |
