/**
 * Tarjan's strongly connected components, iterative (files have 100,000-line chains, far beyond
 * the call stack). Returns the components in topological order of the condensed graph.
 * A component of two or more vertices is a cycle: Pijul's "cyclic conflict".
 */
export function stronglyConnectedComponents(nodes: readonly number[], successors: Map<number, number[]>): number[][] {
  const index = new Map<number, number>();
  const lowLink = new Map<number, number>();
  const onStack = new Set<number>();
  const stack: number[] = [];
  const components: number[][] = [];
  let counter = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    // Each frame: the node and how many of its successors were already visited.
    const frames: Array<[node: number, next: number]> = [[root, 0]];
    index.set(root, counter);
    lowLink.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1] as [number, number];
      const [node, next] = frame;
      const successorList = successors.get(node) ?? [];
      if (next < successorList.length) {
        frame[1] = next + 1;
        const successor = successorList[next] as number;
        if (!index.has(successor)) {
          index.set(successor, counter);
          lowLink.set(successor, counter++);
          stack.push(successor);
          onStack.add(successor);
          frames.push([successor, 0]);
        } else if (onStack.has(successor)) {
          lowLink.set(node, Math.min(lowLink.get(node) as number, index.get(successor) as number));
        }
        continue;
      }
      frames.pop();
      const parent = frames[frames.length - 1];
      if (parent) lowLink.set(parent[0], Math.min(lowLink.get(parent[0]) as number, lowLink.get(node) as number));
      if (lowLink.get(node) === index.get(node)) {
        const component: number[] = [];
        let member: number;
        do {
          member = stack.pop() as number;
          onStack.delete(member);
          component.push(member);
        } while (member !== node);
        components.push(component);
      }
    }
  }
  // Tarjan emits components in reverse topological order.
  return components.reverse();
}
