"""The package's version, in the bottom layer: the package root, the writers and the batch runner read it here
(``setup.cfg`` too), so none of them imports the package root for it."""

__version__ = "0.1.0"
