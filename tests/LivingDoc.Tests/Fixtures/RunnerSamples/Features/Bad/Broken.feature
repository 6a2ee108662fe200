Feature: Broken on purpose

  Scenario: Steps then junk
    Given an empty basket
    this line is not a step
