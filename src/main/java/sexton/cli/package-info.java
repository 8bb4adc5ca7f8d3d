/**
 * The picocli commands: thin, they parse and validate arguments, then delegate to the packages below
 * and print. Exit codes: 0 ok, 1 findings or check failed, 2 usage or input error.
 */
package sexton.cli;
