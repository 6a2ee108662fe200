@sample @hooks
Feature: Hooks

  Scenario: Every kind of hook runs around a scenario
    Given an empty basket
    When 1 items are added
    Then the hooks so far ran in order

  @failing-before-hook
  Scenario: A failing BeforeScenario hook
    Given an empty basket

  @failing-after-hook
  Scenario: A failing AfterScenario hook
    Given an empty basket
