@load @chat @websocket @serial
Feature: Many people ask the agent at once
  The platform is never used by one person at a time. When a crowd asks the agent at the same moment, every
  one of them must get their own answer, complete and prompt, and nobody may see a glimpse of anyone else's
  run. One person whose client misbehaves must not spoil it for everybody else.

  The size of the crowd and the budgets are settings of the environment: Load:Users (25 in the regular run),
  Load:FirstEventP95Ms and Load:CompletionP95Ms. A deployment also caps the crowd and how fast it gathers, so
  nobody floods it by accident. Each run leaves its latency distribution as evidence. The feature runs alone
  (@serial): its figures measure the platform, not the suite's other scenarios running beside it.

  Rule: Everyone in a crowd gets their own run, complete, in order and in time

    @critical
    Scenario: Everyone who asks at the same moment gets their own answer
      Given a crowd of people is signed in with the agent channel open
      When everyone in the crowd asks the agent at the same moment
      Then everyone receives the five progress events of their own run in order and an answer
      And nobody receives an event of someone else's run
      And the 95th percentile of the first event's arrival is within the load budget
      And the 95th percentile of the completion time is within the load budget

  Rule: One misbehaving client does not slow everybody else

    Scenario: A client that floods its channel without reading it does not slow the others
      Given a crowd of people and one more is signed in with the agent channel open
      And one of them has a client that floods the agent channel without reading it
      When everyone else asks the agent at the same moment
      Then everyone receives the five progress events of their own run in order and an answer
      And nobody receives an event of someone else's run
      And the 95th percentile of the first event's arrival is within the load budget
      And the 95th percentile of the completion time is within the load budget
