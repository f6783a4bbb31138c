package dev.fovea.api.contract;

/** A contract file under {@code input/config/} that cannot be used as written: a client error (exit code 2). */
public class ContractException extends RuntimeException {

    public ContractException(String message) {
        super(message);
    }

    public ContractException(String message, Throwable cause) {
        super(message, cause);
    }
}
