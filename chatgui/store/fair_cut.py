"""Whose lines go first when a room is over its cap: the fairest cut between its writers."""


def fair_cut(counts: dict[str, int], excess: int) -> tuple[str, int]:
    """Whose lines go first, and how many of theirs, to remove `excess` lines fairly.

    The cut is a water level: everyone keeps up to `level` lines, where `level` is the
    highest that removes enough. So whoever wrote no more than their fair share (the cap
    divided among the writers) keeps every line; the biggest writer loses the most.
    """
    low, high = 0, max(counts.values())
    while low < high:  # the highest level that removes at least `excess` lines
        level = (low + high + 1) // 2
        if sum(max(0, count - level) for count in counts.values()) >= excess:
            low = level
        else:
            high = level - 1
    address = max(counts, key=lambda a: counts[a])
    return address, min(excess, counts[address] - low)
