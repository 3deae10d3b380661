/**
 * A small seeded harness for stateful properties: a body makes a random sequence of steps from a
 * seeded generator and checks invariants after each one; the harness runs many sequences, and when
 * one fails reports its seed, the steps it took (cut to the shortest failing prefix) and the system
 * properties that replay exactly that case. Deliberately tiny: no shrinking of values, no
 * reflection, no dependency beyond the JDK.
 */
package io.callqueue.testkit.property;
