"""Modules imported on first use: heavy libraries (WeasyPrint 1.5 s and 54 MB, openpyxl, python-docx)
stay out of start-up and out of workers that never print or export (issue 16, item 4)."""

import importlib
from types import ModuleType


class LazyModule(ModuleType):
    """Stands for a module; the first attribute read imports it (then reads go straight to it)."""

    def __init__(self, name: str):
        super().__init__(name)
        self.__dict__["_lazy_target"] = None

    def _load(self) -> ModuleType:
        target = self.__dict__["_lazy_target"]
        if target is None:
            target = importlib.import_module(self.__name__)
            self.__dict__["_lazy_target"] = target
        return target

    def __getattr__(self, attribute: str):
        return getattr(self._load(), attribute)


def lazy_module(name: str) -> ModuleType:
    return LazyModule(name)
