@chat @websocket
Feature: Chatting with the agent
  This is what the platform is for: someone asks, the agent answers, and the conversation is kept so that
  it can be read again later in the order it happened.

  Background:
    Given Alice is signed in
    And Alice has the agent channel open

  Rule: A question gets an answer from the agent

    @smoke @critical
    Scenario: Alice asks the agent and receives an answer
      When Alice asks the agent "How can I cut my GPU costs?"
      Then Alice receives an answer from the agent

  Rule: A conversation keeps its messages in the order they were exchanged

    Scenario: Alice's questions and the agent's answers are kept in order
      Given Alice has asked the agent "How can I cut my GPU costs?"
      When Alice asks the agent "And what about my database costs?" in the same conversation
      Then the history of Alice's conversation holds her questions and the agent's answers in turn

  Rule: Messages can only be sent to one's own conversations

    @security
    Scenario: Bob cannot post into Alice's conversation
      Given Alice has asked the agent "How can I cut my GPU costs?"
      And Bob has the agent channel open
      When Bob attempts to send a message to Alice's conversation
      Then it is refused with "conversation not found"

  Rule: A question that names no conversation starts a new one

    Scenario: The platform starts a conversation for a newcomer's first question
      Given a newcomer has registered an account
      And the newcomer has the agent channel open
      When the newcomer asks the agent "What will my first month cost?" without naming a conversation
      Then the newcomer receives an answer from the agent
      And the history of the newcomer's conversation holds their questions and the agent's answers in turn
