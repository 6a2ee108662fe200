@auth
Feature: Signing in
  People reach their conversations only through a session of their own. Signing in must give exactly that
  session, refuse everything else without telling an attacker which half of the credentials was wrong, and
  stop anyone who guesses passwords.

  Rule: Valid credentials open a session whose profile is the user's own

    @smoke @critical
    Scenario: Alice signs in with her credentials
      When Alice signs in with her password
      Then Alice's session shows her own profile

  Rule: A refused sign-in does not reveal whether the account exists

    @security
    Scenario Outline: A sign-in with <credentials> is refused
      When someone attempts to sign in with <credentials>
      Then it is refused with "invalid credentials"

      Examples:
        | credentials                        |
        | Alice's email and a wrong password |
        | an unknown email                   |

    @security
    Scenario: A wrong password and an unknown email are refused alike
      Given someone has attempted to sign in with Alice's email and a wrong password
      When someone attempts to sign in with an unknown email
      Then both refusals carry the same message

  Rule: Signing in needs both an email and a password

    Scenario Outline: A sign-in without <missing> is refused
      When someone attempts to sign in without <missing>
      Then it is refused with "missing fields"

      Examples:
        | missing                 |
        | an email                |
        | a password              |
        | an email or a password  |

  Rule: Five wrong passwords lock the account for a while, even against the right one

    @security
    Scenario: A newcomer's account is locked after five wrong passwords
      Given a newcomer has registered an account
      And someone has tried five wrong passwords for the newcomer's account
      When the newcomer attempts to sign in with the right password
      Then it is refused with "too many attempts"

  Rule: Shortcuts for developers and test harnesses work only where the deployment offers them

    @dev-login
    Scenario: A developer signs in with the quick dev sign-in
      When the developer signs in with the quick dev sign-in
      Then the developer's session shows the development profile

    @e2e-bypass
    Scenario: A test harness signs Alice in with the bypass key
      When a test harness signs Alice in with the bypass key
      Then Alice's session shows her own profile

    @e2e-bypass @security
    Scenario: A test sign-in with a wrong bypass key is refused
      When someone attempts the test sign-in with a wrong bypass key
      Then it is refused with "wrong bypass key"
