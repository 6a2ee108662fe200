@sample @failing-before-feature
Feature: A feature whose BeforeFeature hook fails

  Scenario: Not run because the feature could not start
    Given an empty basket
