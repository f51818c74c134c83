"""Sample data: posts (``posts``), the demo (``demo``) and a two-year example history
(``history``), all made through the services as a person using the product would."""
