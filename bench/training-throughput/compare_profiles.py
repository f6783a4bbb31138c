"""Side-by-side per-operator comparison of autograd-profiler chrome traces of the same training steps.

Both sides write the legacy profiler's trace (DJL's JniUtils.stopProfile, torch.autograd.profiler.profile's
export_chrome_trace): one complete ("X") event per operator call with its start and inclusive duration. An
operator call's self time is its duration minus that of the calls nested directly inside it on the same thread,
so the self times add up to the time spent inside operators. What is left of the wall-clock span is time
outside any operator: the Java or Python code between native calls, JNI, handle bookkeeping.

On a shared machine a step is sometimes descheduled in the middle of an operator, which inflates that call.
Besides the mean, each operator therefore gets a "best-step" figure: the calls of a step come in the same order
every step, so for each call position the smallest self time over all steps is taken, and these are summed.
It is what the operator costs when nothing else competes for the core; differences in it are kernel or
code-path differences, not noise.

Usage: python3 compare_profiles.py fovea.json[,fovea2.json...] torch.json[,torch2.json...] steps [top]
where steps is the number of profiled steps of each side over all its traces. Prints per step: wall time, time
inside and outside operators, operator calls; then the `top` (15) operators whose best-step self times differ
most, in ms per step.
"""
import json
import sys
from collections import defaultdict


class Profile:
    """Per-operator self times, in call order, of one side's traces; times in microseconds."""

    def __init__(self, paths, steps):
        self.steps = steps
        self.self_us = defaultdict(list)  # operator name -> self time of each call, in call order
        self.span = self.inside = 0.0
        for path in paths.split(","):
            self._add(path)

    def _add(self, path):
        with open(path) as trace:
            events = [e for e in json.load(trace) if e.get("ph") == "X"]
        by_thread = defaultdict(list)
        for event in events:
            by_thread[(event.get("pid"), event.get("tid"))].append(event)
        calls = []  # [start, name, self time] in start order over all threads
        for thread_events in by_thread.values():
            # parents first: earlier start, and on a tie the longer one encloses the other
            thread_events.sort(key=lambda e: (float(e["ts"]), -float(e["dur"])))
            stack = []  # (end, call) of the open enclosing operators
            for event in thread_events:
                start, duration = float(event["ts"]), float(event["dur"])
                while stack and stack[-1][0] <= start:
                    stack.pop()
                if stack:
                    stack[-1][1][2] -= duration
                else:
                    self.inside += duration
                call = [start, event["name"], duration]
                calls.append(call)
                stack.append((start + duration, call))
        for _, name, self_time in sorted(calls, key=lambda c: c[0]):
            self.self_us[name].append(self_time)
        self.span += max(float(e["ts"]) + float(e["dur"]) for e in events) - min(float(e["ts"]) for e in events)

    def ms_per_step(self, us):
        return us / 1000 / self.steps

    def calls_per_step(self, name=None):
        count = len(self.self_us.get(name, [])) if name else sum(len(v) for v in self.self_us.values())
        return count / self.steps

    def mean_ms(self, name):
        return self.ms_per_step(sum(self.self_us.get(name, [])))

    def best_step_ms(self, name):
        """Sum over the call positions of a step of the least self time any step took there."""
        times = self.self_us.get(name, [])
        per_step, rest = divmod(len(times), self.steps)
        if rest:  # calls not evenly spread over the steps: no positions to match, the mean it is
            return self.mean_ms(name)
        return sum(min(times[step * per_step + k] for step in range(self.steps)) for k in range(per_step)) / 1000


def main():
    steps = int(sys.argv[3])
    top = int(sys.argv[4]) if len(sys.argv) > 4 else 15
    fovea, torch = Profile(sys.argv[1], steps), Profile(sys.argv[2], steps)

    print("| per step (mean) | fovea | torch | fovea - torch |")
    print("|---|---|---|---|")
    rows = [("wall ms (traced span)", fovea.ms_per_step(fovea.span), torch.ms_per_step(torch.span)),
            ("inside operators ms", fovea.ms_per_step(fovea.inside), torch.ms_per_step(torch.inside)),
            ("outside operators ms", fovea.ms_per_step(fovea.span - fovea.inside),
             torch.ms_per_step(torch.span - torch.inside)),
            ("operator calls", fovea.calls_per_step(), torch.calls_per_step())]
    names = set(fovea.self_us) | set(torch.self_us)
    rows.append(("sum of best-step self ms", sum(fovea.best_step_ms(n) for n in names),
                 sum(torch.best_step_ms(n) for n in names)))
    for label, f, t in rows:
        print(f"| {label} | {f:.1f} | {t:.1f} | {f - t:+.1f} |")

    print()
    print("| operator | fovea best-step ms | torch best-step ms | difference | fovea mean ms | torch mean ms "
          "| fovea calls | torch calls |")
    print("|---|---|---|---|---|---|---|---|")
    best = {n: (fovea.best_step_ms(n), torch.best_step_ms(n)) for n in names}
    for name in sorted(names, key=lambda n: -abs(best[n][0] - best[n][1]))[:top]:
        f, t = best[name]
        print(f"| `{name}` | {f:.2f} | {t:.2f} | {f - t:+.2f} | {fovea.mean_ms(name):.2f} | {torch.mean_ms(name):.2f} "
              f"| {fovea.calls_per_step(name):.0f} | {torch.calls_per_step(name):.0f} |")


if __name__ == "__main__":
    main()
