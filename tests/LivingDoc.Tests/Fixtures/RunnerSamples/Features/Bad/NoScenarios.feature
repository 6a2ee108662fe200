Feature: Nothing yet
  Only a description so far.
