@chat @websocket @events
Feature: Agent progress events
  While the agent works, the user watches it over the agent channel: it has started, it is thinking, it runs a
  tool, the tool is done, here is the answer. A client can show that only if the five events arrive complete,
  in order, promptly, and only to the person who asked.

  Background:
    Given Alice is signed in
    And Alice has the agent channel open

  Rule: A run reports its progress in five events, in order

    @smoke @critical
    Scenario: Alice sees the five events of her run in order
      When Alice asks the agent "How can I cut my GPU costs?"
      Then Alice sees the five progress events of her run in order

    @critical
    Scenario: The events of a run name one run and one conversation
      When Alice asks the agent "How can I cut my GPU costs?"
      Then every event of Alice's run names the same run and the same conversation

  Rule: Every event carries its required fields, well-formed

    Scenario Outline: The <event> event is well-formed
      When Alice asks the agent "How can I cut my GPU costs?"
      Then the <event> event of Alice's run matches its schema

      Examples:
        | event           |
        | agent_started   |
        | agent_thinking  |
        | tool_executing  |
        | tool_completed  |
        | agent_completed |

  @latency
  Rule: Progress is prompt

    Scenario: The first event arrives promptly
      When Alice asks the agent "How can I cut my database costs?"
      Then the first event of Alice's run arrives promptly

    Scenario: The run completes in time
      When Alice asks the agent "How can I cut my database costs?"
      Then Alice's run completes in time

  Rule: A run that fails ends in an error, never in a completion

    Scenario: A failing run ends with an error
      When Alice asks the agent something it cannot handle
      Then Alice's run ends with an error

    @security
    Scenario: A failing run never reports a completion
      When Alice asks the agent something it cannot handle
      Then no completion follows the error of Alice's run

  Rule: Each user sees only the events of their own runs

    @security @critical
    Scenario: Alice and Bob ask at the same time and each sees only their own run
      Given Bob is signed in
      And Bob has the agent channel open
      When Alice and Bob ask the agent at the same time
      Then each of them sees only the events of their own run
