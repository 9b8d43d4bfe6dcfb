package org.longplay.common;

/** Something a stage tells the operator at its end: printed to stdout by the CLI. */
public interface Report {
    String render();
}
