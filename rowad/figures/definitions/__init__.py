"""Every indicator, defined once: importing this package fills `indicators.REGISTRY`.
One module per part of the chain; the funnel's steps carry their position (`step`)."""

from . import enterprises, financing, market, outreach, pipeline, training  # noqa: F401
