"""Recording what an import tells its `progress` hook, for tests."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Recorder:
    calls: list[tuple[float, str]] = field(default_factory=list)

    def __call__(self, fraction: float, stage: str) -> None:
        self.calls.append((fraction, stage))

    @property
    def stages(self) -> list[str]:
        return [stage for _, stage in self.calls]

    def assert_whole_run(self) -> None:
        """From 0 to 1.0, every step further than the one before, each naming its stage."""
        fractions = [fraction for fraction, _ in self.calls]
        assert fractions[0] == 0.0 and fractions[-1] == 1.0, self.calls
        assert all(a < b for a, b in zip(fractions, fractions[1:], strict=False)), self.calls
        assert all(self.stages), self.calls
