"""Small tools every app may use: the bottom layer, importing no app."""
