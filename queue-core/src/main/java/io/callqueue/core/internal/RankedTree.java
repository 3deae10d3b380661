package io.callqueue.core.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.BiPredicate;
import java.util.function.Consumer;

/**
 * An ordered set of values keyed by three {@code long}s compared lexicographically, with order
 * statistics.
 *
 * <p><b>Design.</b> An AVL tree (Adelson-Velsky and Landis, 1962; Knuth, TAOCP vol. 3, §6.2.3)
 * whose nodes also hold the size of their subtree, so {@link #rank} is a descent from the root
 * (an order-statistic tree, Cormen et al., <i>Introduction to Algorithms</i>, §14.1). Add and
 * remove walk down once without recursion, adjust the sizes on the path and rebalance bottom-up
 * only as far as subtree heights change. Add, remove, look-up and rank cost O(log n) in the worst
 * case; {@link #first}/{@link #last} O(log n);
 * {@link #firstMatching} O(k + log n) when the match is the k-th value in order.
 *
 * <p>The keys are primitives stored in the node, compared inline: there is no
 * {@link java.util.Comparator} call per comparison (the JDK's {@code TreeMap} with a chain of
 * {@code comparingLong} lambdas spent most of a routing decision in megamorphic comparator calls).
 * Each key is unique: adding a key that is present leaves the tree unchanged. A few removed nodes
 * are kept and reused by later adds, so a steady flow of removals and adds (an agent leaving and
 * re-entering a pool, a caller served and another joining) allocates nothing. Not thread-safe;
 * an iterator must not outlive a change of the tree.
 *
 * @param <E> the values
 */
public final class RankedTree<E> implements Iterable<E> {

  /** How many removed nodes a tree keeps for reuse (a few; a leaf is re-added after a removal). */
  private static final int MAX_SPARE = 16;

  private static final class Node<E> {
    long k1;
    long k2;
    long k3;
    E value;
    Node<E> left;
    Node<E> right;
    int size = 1;
    int height = 1;
  }

  private Node<E> root;
  /** Removed nodes kept for reuse, linked through {@code right}; at most {@link #MAX_SPARE}. */
  private Node<E> spare;
  private int spareCount;
  /** Scratch for the root-to-leaf path of an add or remove. */
  @SuppressWarnings("unchecked")
  private Node<E>[] path = (Node<E>[]) new Node<?>[8];

  /** The number of values. */
  public int size() {
    return root == null ? 0 : root.size;
  }

  public boolean isEmpty() {
    return root == null;
  }

  /** Removes every value. */
  public void clear() {
    root = null;
    java.util.Arrays.fill(path, null);
  }

  /** Adds the value under the key; returns false (and changes nothing) when the key is present. */
  public boolean add(long k1, long k2, long k3, E value) {
    return insert(k1, k2, k3, value);
  }

  /** Removes the value under the key; returns it, or null when the key is absent. */
  public E remove(long k1, long k2, long k3) {
    return delete(k1, k2, k3);
  }

  /** The value under the key, or null. */
  public E get(long k1, long k2, long k3) {
    Node<E> n = root;
    while (n != null) {
      int c = compare(k1, k2, k3, n);
      if (c == 0) {
        return n.value;
      }
      n = c < 0 ? n.left : n.right;
    }
    return null;
  }

  /** The number of values whose key is smaller than the given one (present or not). */
  public int rank(long k1, long k2, long k3) {
    int rank = 0;
    Node<E> n = root;
    while (n != null) {
      int c = compare(k1, k2, k3, n);
      if (c <= 0) {
        if (c == 0) {
          return rank + size(n.left);
        }
        n = n.left;
      } else {
        rank += size(n.left) + 1;
        n = n.right;
      }
    }
    return rank;
  }

  /** The value with the smallest key, or null when empty. */
  public E first() {
    Node<E> n = root;
    if (n == null) {
      return null;
    }
    while (n.left != null) {
      n = n.left;
    }
    return n.value;
  }

  /** The value with the largest key, or null when empty. */
  public E last() {
    Node<E> n = root;
    if (n == null) {
      return null;
    }
    while (n.right != null) {
      n = n.right;
    }
    return n.value;
  }

  /**
   * The first value in key order that passes {@code test} (called with the value and
   * {@code arg}, so a non-capturing lambda needs no allocation), or null.
   */
  public <A> E firstMatching(BiPredicate<? super E, ? super A> test, A arg) {
    return firstMatching(root, test, arg);
  }

  /** As {@link #firstMatching}, among the values whose key is greater than the given one. */
  public <A> E firstMatchingAbove(long k1, long k2, long k3,
      BiPredicate<? super E, ? super A> test, A arg) {
    return firstMatchingAbove(root, k1, k2, k3, test, arg);
  }

  /** Visits every value in key order. */
  @Override
  public void forEach(Consumer<? super E> action) {
    forEach(root, action);
  }

  /** The values in key order, copied. */
  public List<E> toList() {
    List<E> list = new ArrayList<>(size());
    forEach(root, list::add);
    return list;
  }

  /** Iterates in key order; the tree must not change meanwhile. */
  @Override
  public Iterator<E> iterator() {
    return new Iterator<>() {
      // the left spine of the unvisited part; an AVL tree's height is below 1.45 log2(n + 2)
      @SuppressWarnings("unchecked")
      private final Node<E>[] stack = (Node<E>[]) new Node<?>[height(root) + 1];
      private int depth;

      {
        push(root);
      }

      private void push(Node<E> n) {
        for (; n != null; n = n.left) {
          stack[depth++] = n;
        }
      }

      @Override
      public boolean hasNext() {
        return depth > 0;
      }

      @Override
      public E next() {
        if (depth == 0) {
          throw new NoSuchElementException();
        }
        Node<E> n = stack[--depth];
        push(n.right);
        return n.value;
      }
    };
  }

  @Override
  public String toString() {
    return toList().toString();
  }

  // ---- implementation ---------------------------------------------------------------------------

  private static int compare(long k1, long k2, long k3, Node<?> n) {
    if (k1 != n.k1) {
      return k1 < n.k1 ? -1 : 1;
    }
    if (k2 != n.k2) {
      return k2 < n.k2 ? -1 : 1;
    }
    if (k3 != n.k3) {
      return k3 < n.k3 ? -1 : 1;
    }
    return 0;
  }

  private static int size(Node<?> n) {
    return n == null ? 0 : n.size;
  }

  private static int height(Node<?> n) {
    return n == null ? 0 : n.height;
  }

  private static void update(Node<?> n) {
    n.size = size(n.left) + size(n.right) + 1;
    n.height = Math.max(height(n.left), height(n.right)) + 1;
  }

  private static <E> Node<E> rotateRight(Node<E> n) {
    Node<E> l = n.left;
    n.left = l.right;
    l.right = n;
    update(n);
    update(l);
    return l;
  }

  private static <E> Node<E> rotateLeft(Node<E> n) {
    Node<E> r = n.right;
    n.right = r.left;
    r.left = n;
    update(n);
    update(r);
    return r;
  }

  /** Restores the AVL balance of {@code n}, whose subtrees are balanced and differ by ≤ 2. */
  private static <E> Node<E> balance(Node<E> n) {
    update(n);
    int b = height(n.left) - height(n.right);
    if (b > 1) {
      if (height(n.left.left) < height(n.left.right)) {
        n.left = rotateLeft(n.left);
      }
      return rotateRight(n);
    }
    if (b < -1) {
      if (height(n.right.right) < height(n.right.left)) {
        n.right = rotateRight(n.right);
      }
      return rotateLeft(n);
    }
    return n;
  }

  /** The path array, long enough for a descent from the root (grown with the tree's height). */
  @SuppressWarnings("unchecked")
  private Node<E>[] path(int height) {
    if (path.length <= height + 1) {
      path = (Node<E>[]) new Node<?>[height + 8];
    }
    return path;
  }

  private Node<E> newNode(long k1, long k2, long k3, E value) {
    Node<E> node = spare;
    if (node != null) {
      spare = node.right;
      spareCount--;
      node.right = null;
      node.size = 1;
      node.height = 1;
    } else {
      node = new Node<>();
    }
    node.k1 = k1;
    node.k2 = k2;
    node.k3 = k3;
    node.value = value;
    return node;
  }

  /**
   * Rebalances the nodes of {@code path[0, depth)} (a root-to-leaf path whose sizes are already
   * right) from the bottom up, stopping where a subtree's height is unchanged: above it nothing
   * else changes.
   */
  private void rebalance(Node<E>[] path, int depth) {
    for (int i = depth - 1; i >= 0; i--) {
      Node<E> n = path[i];
      int oldHeight = n.height;
      Node<E> b = balance(n);
      if (b != n) {
        if (i == 0) {
          root = b;
        } else if (path[i - 1].left == n) {
          path[i - 1].left = b;
        } else {
          path[i - 1].right = b;
        }
      }
      if (b.height == oldHeight) {
        return;
      }
    }
  }

  private boolean insert(long k1, long k2, long k3, E value) {
    Node<E> n = root;
    if (n == null) {
      root = newNode(k1, k2, k3, value);
      return true;
    }
    Node<E>[] path = path(n.height);
    int depth = 0;
    while (true) {
      int c = compare(k1, k2, k3, n);
      if (c == 0) {
        return false;
      }
      path[depth++] = n;
      Node<E> next = c < 0 ? n.left : n.right;
      if (next == null) {
        Node<E> leaf = newNode(k1, k2, k3, value);
        if (c < 0) {
          n.left = leaf;
        } else {
          n.right = leaf;
        }
        break;
      }
      n = next;
    }
    for (int i = 0; i < depth; i++) {
      path[i].size++;
    }
    rebalance(path, depth);
    return true;
  }

  private E delete(long k1, long k2, long k3) {
    Node<E> n = root;
    if (n == null) {
      return null;
    }
    Node<E>[] path = path(n.height);
    int depth = 0;
    while (true) {
      int c = compare(k1, k2, k3, n);
      if (c == 0) {
        break;
      }
      path[depth++] = n;
      n = c < 0 ? n.left : n.right;
      if (n == null) {
        return null;
      }
    }
    E value = n.value;
    if (n.left != null && n.right != null) {
      // move the successor's entry here and unlink the successor instead (it has no left child)
      path[depth++] = n;
      Node<E> successor = n.right;
      while (successor.left != null) {
        path[depth++] = successor;
        successor = successor.left;
      }
      n.k1 = successor.k1;
      n.k2 = successor.k2;
      n.k3 = successor.k3;
      n.value = successor.value;
      n = successor;
    }
    Node<E> child = n.left != null ? n.left : n.right;
    if (depth == 0) {
      root = child;
    } else if (path[depth - 1].left == n) {
      path[depth - 1].left = child;
    } else {
      path[depth - 1].right = child;
    }
    recycle(n);
    for (int i = 0; i < depth; i++) {
      path[i].size--;
    }
    rebalance(path, depth);
    return value;
  }

  private void recycle(Node<E> n) {
    n.value = null;
    n.left = null;
    if (spareCount < MAX_SPARE) {
      n.right = spare;
      spare = n;
      spareCount++;
    } else {
      n.right = null;
    }
  }

  private static <E, A> E firstMatching(Node<E> n, BiPredicate<? super E, ? super A> test,
      A arg) {
    for (; n != null; n = n.right) {
      if (n.left != null) {
        E found = firstMatching(n.left, test, arg);
        if (found != null) {
          return found;
        }
      }
      if (test.test(n.value, arg)) {
        return n.value;
      }
    }
    return null;
  }

  private static <E, A> E firstMatchingAbove(Node<E> n, long k1, long k2, long k3,
      BiPredicate<? super E, ? super A> test, A arg) {
    while (n != null) {
      if (compare(k1, k2, k3, n) >= 0) {
        n = n.right; // n and its left subtree are not above the key
        continue;
      }
      E found = firstMatchingAbove(n.left, k1, k2, k3, test, arg);
      if (found != null) {
        return found;
      }
      if (test.test(n.value, arg)) {
        return n.value;
      }
      return firstMatching(n.right, test, arg);
    }
    return null;
  }

  private static <E> void forEach(Node<E> n, Consumer<? super E> action) {
    for (; n != null; n = n.right) {
      forEach(n.left, action);
      action.accept(n.value);
    }
  }

  /** Checks the AVL, size and order invariants; for tests. Throws on the first broken one. */
  void verify() {
    verify(root, null, null);
  }

  private static void verify(Node<?> n, Node<?> lo, Node<?> hi) {
    if (n == null) {
      return;
    }
    if (lo != null && compare(n.k1, n.k2, n.k3, lo) <= 0
        || hi != null && compare(n.k1, n.k2, n.k3, hi) >= 0) {
      throw new IllegalStateException("key order broken");
    }
    verify(n.left, lo, n);
    verify(n.right, n, hi);
    if (n.size != size(n.left) + size(n.right) + 1) {
      throw new IllegalStateException("size wrong");
    }
    if (n.height != Math.max(height(n.left), height(n.right)) + 1
        || Math.abs(height(n.left) - height(n.right)) > 1) {
      throw new IllegalStateException("unbalanced");
    }
  }
}
