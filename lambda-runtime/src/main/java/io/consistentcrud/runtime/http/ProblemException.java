package io.consistentcrud.runtime.http;

import java.util.Map;
import java.util.Objects;

/**
 * Thrown while a request is read and checked, to answer a problem at once; the handler catches it before anything
 * is written. Carries no cause: it reports the client's mistake, not an internal failure.
 */
final class ProblemException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Problem problem;
    private final transient Map<String, String> headers;

    ProblemException(ProblemType type, String detail) {
        this(Problem.of(type, detail), Map.of());
    }

    ProblemException(Problem problem, Map<String, String> headers) {
        super(problem.type().slug() + ": " + problem.detail(), null, false, false);
        this.problem = Objects.requireNonNull(problem, "problem");
        this.headers = Map.copyOf(headers);
    }

    Problem problem() {
        return problem;
    }

    /** The answer: the problem with its extra headers. */
    ProxyResponse toResponse() {
        return problem.toResponse(headers);
    }
}
