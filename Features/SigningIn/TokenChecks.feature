@auth @security
Feature: Token checks
  Anyone can send the platform a token. Only one the identity service issued, unaltered, still current and
  meant for access may open a conversation or the agent channel; anything else is refused before it does harm.

  Background:
    Given Alice has signed in with her password

  Rule: The API accepts only a genuine, current access token

    Scenario Outline: A call with <token> is refused
      When Alice attempts to list conversations with <token>
      Then it is refused with "not signed in"

      Examples:
        | token                                |
        | an expired access token              |
        | a tampered access token              |
        | an unsigned access token             |
        | her refresh token                    |
        | an access token without a token type |

  Rule: The agent channel accepts only a genuine, current access token

    @websocket
    Scenario Outline: Opening the agent channel with <token> is refused
      When Alice attempts to open the agent channel with <token>
      Then it is refused with "handshake refused"

      Examples:
        | token                    |
        | a tampered access token  |
        | her refresh token        |
