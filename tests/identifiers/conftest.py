from hypothesis import settings
settings.register_profile("thorough", max_examples=4000, deadline=None)
