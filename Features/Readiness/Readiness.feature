@smoke
Feature: Readiness
  Nobody can sign in or chat unless every part of the platform is up. When an origin is down, every other
  scenario fails for a reason unrelated to its own rule; this feature names the culprit first, in seconds.

  Rule: Every origin reports itself healthy

    Scenario Outline: The <origin> is healthy
      When the operator checks the <origin>
      Then the <origin> reports itself healthy

      Examples:
        | origin           |
        | identity service |
        | backend          |
        | web app          |

  Rule: The backend can reach what it depends on

    Scenario: The backend's database and identity service are reachable
      When the operator checks the backend's dependencies
      Then every dependency of the backend is reported healthy
