"""Exceptions that segkit raises for bad files, configs and inputs."""


class SegkitError(Exception):
    """Base class for errors the command line reports as one clear line."""


class ConfigError(SegkitError):
    """The config file is missing, unreadable or holds a bad value."""


class InputError(SegkitError):
    """A source file is missing, unreadable or does not hold what was expected."""


class StoreError(SegkitError):
    """The workspace store lacks a table a stage needs."""


class PipelineError(SegkitError):
    """A notebook of the quarterly pipeline failed."""
