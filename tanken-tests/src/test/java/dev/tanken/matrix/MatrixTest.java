package dev.tanken.matrix;

/** A contract run over the matrix: its instance knows which cell it is in. */
interface MatrixTest {
    Combination combination();
}
