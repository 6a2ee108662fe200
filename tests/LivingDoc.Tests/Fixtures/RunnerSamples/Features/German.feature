# language: de
@sample
Funktionalität: Deutsch
  Schlüsselwörter in einer anderen Sprache.

  @smoke
  Szenario: Ein deutscher Korb
    Angenommen an empty basket
    Wenn 2 items are added
    Dann the basket holds 2 items
