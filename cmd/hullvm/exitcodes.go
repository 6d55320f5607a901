package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
)

// Exit codes of hullvm. A program that halts passes its own exit status
// through (0-255, the low 8 bits of hv_exit's argument or of main's result);
// the other codes are hullvm's:
//
//	1    an error: a bad file, an unknown example, a compiler error, a
//	     missing tool, a bad flag. stderr has one line "hullvm: <message>"
//	     (a compiler error is followed by the rest of clang's diagnostics).
//	124  the token budget ran out (--max-tokens); stderr has
//	     "hullvm: stopped after N tokens (--max-tokens)". 124 is the code of
//	     timeout(1).
//	134  the program trapped; stderr has "trap: <spec wording>". 134 is
//	     128+SIGABRT, what a C program that aborts gives a shell.
const (
	exitError  = 1
	exitBudget = 124
	exitTrap   = 134
)

// exitStatusError ends the command with an exit code; msg, when not empty,
// is printed to stderr as it is.
type exitStatusError struct {
	code int
	msg  string
}

func (e exitStatusError) Error() string { return e.msg }

// usageError marks a command-line mistake.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// programStatus is the exit code for a program's exit status.
func programStatus(status int) int { return status & 255 }

// trapExit is the error that ends a run that trapped.
func trapExit(trap string) error {
	return exitStatusError{code: exitTrap, msg: "trap: " + trap}
}

// budgetExit is the error that ends a run whose token budget ran out.
func budgetExit(tokens int64) error {
	return exitStatusError{code: exitBudget,
		msg: fmt.Sprintf("hullvm: stopped after %d tokens (--max-tokens)", tokens)}
}

// exitCode prints err as its exit code requires and returns that code.
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	var st exitStatusError
	if errors.As(err, &st) {
		if st.msg != "" {
			fmt.Fprintln(stderr, st.msg)
		}
		return st.code
	}
	fmt.Fprintf(stderr, "hullvm: %s\n", strings.TrimRight(err.Error(), "\n"))
	return exitError
}
