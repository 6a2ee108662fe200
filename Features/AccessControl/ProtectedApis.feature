@security
Feature: Protected APIs
  Conversations are private. Every call that reads or changes them must refuse a caller who is not signed in,
  and the agent channel must refuse the connection itself: a channel that opens and closes later has
  already let an anonymous visitor in.

  Rule: Every protected API refuses an anonymous visitor

    Scenario Outline: An anonymous visitor cannot <call>
      When an anonymous visitor attempts to <call>
      Then it is refused with "not signed in"

      Examples:
        | call                           |
        | list conversations             |
        | start a conversation           |
        | open a conversation            |
        | read a conversation's messages |
        | delete a conversation          |
        | ask the agent directly         |

    @auth
    Scenario: An anonymous visitor cannot read a profile
      When an anonymous visitor attempts to read their profile
      Then it is refused with "not signed in"

  Rule: The agent channel refuses an anonymous visitor at the handshake

    @websocket @critical
    Scenario: An anonymous visitor cannot open the agent channel
      When an anonymous visitor attempts to open the agent channel
      Then it is refused with "handshake refused"
