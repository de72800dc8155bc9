package io.consistentcrud.runtime.http;

import java.util.Map;

/**
 * An answer and the word the request log records for it.
 *
 * @param response the answer
 * @param outcome  a success word such as {@code created}, or the problem's slug
 */
record Answer(ProxyResponse response, String outcome) {
    static Answer of(Problem problem, Map<String, String> headers) {
        return new Answer(problem.toResponse(headers), problem.type().slug());
    }

    static Answer of(ProblemException e) {
        return new Answer(e.toResponse(), e.problem().type().slug());
    }
}
