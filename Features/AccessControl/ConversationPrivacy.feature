@security @chat
Feature: Conversation privacy
  Alice's conversations are hers. Another signed-in user must not learn that they exist, let alone read,
  change or delete them; to Bob, Alice's conversation simply is not there.

  Background:
    Given Alice has started a conversation
    And Bob is signed in

  Rule: Another user can neither see nor change someone else's conversation

    @critical
    Scenario: Bob cannot open Alice's conversation
      When Bob attempts to open Alice's conversation
      Then it is refused with "not found"

    Scenario: Bob cannot read the messages of Alice's conversation
      When Bob attempts to read the messages of Alice's conversation
      Then it is refused with "not found"

    Scenario: Bob cannot delete Alice's conversation
      When Bob attempts to delete Alice's conversation
      Then it is refused with "not found"
      And Alice's conversation is still there

    Scenario: Alice's conversation is not in Bob's list
      Given Bob has started a conversation
      When Bob lists his conversations
      Then Bob's conversation is among them
      And Alice's conversation is not among them
