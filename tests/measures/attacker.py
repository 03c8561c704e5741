"""An attacker who reads every page and solves for hidden counts: exact integer search.

The attacker knows, for every count, an interval (what the pages show: a rounded count to within 2,
a `*` of a count under 5 as 0 to 4, any other `*` as 5 or more, a figure no page shows as 0 or
more) and relations that hold exactly (total = sum of parts; numerator <= denominator). A hidden
count is recovered when every integer solution of all of that gives it the same value; it is
safe when a second solution (a witness) gives it another. `Solver.witness` searches for one by
bounds propagation and depth-first search, trying the true values first, so most searches end
near the truth. Pure Python, no dependencies.
"""

from collections import defaultdict, deque

BIG = 10**6  # no count in a test comes near


class Solver:
    def __init__(self, bounds, totals, at_most=()):
        """`bounds`: {key: (low, high)}; `totals`: [(total, [parts])]; `at_most`: [(small, big)]."""
        self.keys = list(bounds)
        self.index = {key: i for i, key in enumerate(self.keys)}
        self.low = [bounds[k][0] for k in self.keys]
        self.high = [min(bounds[k][1], BIG) for k in self.keys]
        self.rows = []  # (variables, signs): sum of sign * x == 0
        for total, parts in totals:
            if parts:
                self.rows.append(
                    ([self.index[total], *[self.index[p] for p in parts]], [1, *[-1] * len(parts)])
                )
        for small, big in at_most:  # big - small - slack == 0, slack >= 0
            self.low.append(0)
            self.high.append(BIG)
            self.rows.append(([self.index[big], self.index[small], len(self.low) - 1], [1, -1, -1]))
        self.rows_of = defaultdict(list)
        for r, (variables, _signs) in enumerate(self.rows):
            for v in variables:
                self.rows_of[v].append(r)

    def _set(self, v, low, high, trail):
        if low <= self.low[v] and high >= self.high[v]:
            return True, False
        trail.append((v, self.low[v], self.high[v]))
        self.low[v], self.high[v] = max(self.low[v], low), min(self.high[v], high)
        return self.low[v] <= self.high[v], True

    def _propagate(self, queue, trail):
        queue, queued = deque(queue), set(queue)
        while queue:
            r = queue.popleft()
            queued.discard(r)
            variables, signs = self.rows[r]
            least = sum(
                self.low[v] if s > 0 else -self.high[v]
                for v, s in zip(variables, signs, strict=True)
            )
            most = sum(
                self.high[v] if s > 0 else -self.low[v]
                for v, s in zip(variables, signs, strict=True)
            )
            if least > 0 or most < 0:
                return False
            for v, s in zip(variables, signs, strict=True):
                if s > 0:
                    low, high = self.high[v] - most, self.low[v] - least
                else:
                    low, high = least + self.high[v], most + self.low[v]
                feasible, changed = self._set(v, low, high, trail)
                if not feasible:
                    return False
                if changed:
                    for other in self.rows_of[v]:
                        if other not in queued:
                            queue.append(other)
                            queued.add(other)
        return True

    def _undo(self, trail, length):
        while len(trail) > length:
            v, low, high = trail.pop()
            self.low[v], self.high[v] = low, high

    def _order(self, start):
        """Variables by distance from `start` through the relations: conflicts show early."""
        seen, order, queue = {start}, [], deque([start])
        while queue:
            v = queue.popleft()
            order.append(v)
            for r in self.rows_of[v]:
                for other in self.rows[r][0]:
                    if other not in seen:
                        seen.add(other)
                        queue.append(other)
        return order + [v for v in range(len(self.low)) if v not in seen]

    def witness(self, truth, key, budget=200_000):
        """An integer solution in which `key` differs from `truth[key]`, or None if there is none
        (raises if the search runs out of `budget` nodes: then the answer is unknown)."""
        v = self.index[key]
        hint = [truth.get(k, 0) for k in self.keys] + [0] * (len(self.low) - len(self.keys))
        for value in sorted(
            range(self.low[v], min(self.high[v], truth[key] + 6) + 1),
            key=lambda x: abs(x - truth[key]),
        ):
            if value == truth[key]:
                continue
            found = self._search(v, value, hint, budget)
            if found is not None:
                return dict(zip(self.keys, found, strict=False))
        return None

    def _search(self, v, value, hint, budget):
        trail = []
        feasible, _ = self._set(v, value, value, trail)
        if not (feasible and self._propagate(self.rows_of[v], trail)):
            self._undo(trail, 0)
            return None
        order, stack, position = self._order(v), [], 0
        while True:
            while position < len(order) and self.low[order[position]] == self.high[order[position]]:
                position += 1
            if position == len(order):
                solution = list(self.low)
                self._undo(trail, 0)
                return solution
            u = order[position]
            near = min(max(hint[u], self.low[u]), self.high[u])
            values = sorted(
                range(max(self.low[u], near - 6), min(self.high[u], near + 6) + 1),
                key=lambda x: abs(x - near),
            )
            stack.append((u, iter(values), len(trail), position))
            while stack:
                budget -= 1
                if budget < 0:
                    self._undo(trail, 0)
                    raise RuntimeError("the search ran out of budget")
                u, values, length, position = stack[-1]
                self._undo(trail, length)
                value = next(values, None)
                if value is None:
                    stack.pop()
                    continue
                feasible, _ = self._set(u, value, value, trail)
                if feasible and self._propagate(self.rows_of[u], trail):
                    position += 1
                    break
            else:
                self._undo(trail, 0)
                return None


def recovered(bounds, totals, truth, protected, at_most=()):
    """The protected keys (true values 1 to 4) that every solution gives their true value."""
    solver = Solver(bounds, totals, at_most)
    covered, found = set(), set()
    for key in protected:
        if key in covered:
            continue
        other = solver.witness(truth, key)
        if other is None:
            found.add(key)
        else:
            covered |= {k for k in protected if other[k] != truth[k]}
    return found
