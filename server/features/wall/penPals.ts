/**
 * Pairs pupils across classes, balancing uneven class sizes: pairs always join two different
 * classes, and when one class has pupils left over they join existing pairs as threes, spread out
 * so no group gets a second extra member before every group has one.
 */
export function pairPenPals(classes: { classId: string; pupilIds: string[] }[]): string[][] {
  const queues = classes.map((c) => ({ classId: c.classId, left: [...c.pupilIds] }))
  const groups: { members: string[]; classes: Set<string> }[] = []
  for (;;) {
    const open = queues.filter((q) => q.left.length > 0).sort((a, b) => b.left.length - a.left.length)
    if (open.length < 2) break
    const [a, b] = open as [(typeof open)[0], (typeof open)[0]]
    const first = a.left.shift() as string
    const second = b.left.shift() as string
    groups.push({ members: [first, second], classes: new Set([a.classId, b.classId]) })
  }
  const leftover = queues.flatMap((q) => q.left.map((pupilId) => ({ pupilId, classId: q.classId })))
  let next = 0
  for (const pupil of leftover) {
    // Prefer a pair that has no one from this pupil's class yet, so each group stays cross-class.
    const candidates = groups.filter((g) => g.members.length === 2)
    const target =
      candidates.find((g, i) => i >= next % Math.max(1, candidates.length) && !g.classes.has(pupil.classId)) ??
      candidates[0]
    if (!target) {
      groups.push({ members: [pupil.pupilId], classes: new Set([pupil.classId]) })
      continue
    }
    target.members.push(pupil.pupilId)
    target.classes.add(pupil.classId)
    next++
  }
  return groups.map((g) => g.members)
}
