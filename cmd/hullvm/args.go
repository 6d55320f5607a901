package main

import (
	"regexp"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// negativePrefix marks a negative number that protectNegativeArgs kept
// from the flag parser; unprotect removes it.
const negativePrefix = "\x00neg:"

var negativeNumber = regexp.MustCompile(`^-[0-9]+$`)

// protectNegativeArgs lets "hullvm run f.c --invoke sub -5 3" pass -5 as an
// argument: pflag would read it as the shorthand flag -5. A negative number
// that is not the value of a preceding flag is prefixed with
// negativePrefix, which the run command strips again.
func protectNegativeArgs(root *cobra.Command, args []string) []string {
	cmd, _, err := root.Find(args)
	if err != nil || cmd == root {
		return args
	}
	out := append([]string{}, args...)
	for i, a := range out {
		if a == "--" {
			break
		}
		if negativeNumber.MatchString(a) && (i == 0 || !takesValue(cmd, out[i-1])) {
			out[i] = negativePrefix + a
		}
	}
	return out
}

// takesValue reports whether arg is a flag of cmd that reads the next
// argument as its value.
func takesValue(cmd *cobra.Command, arg string) bool {
	var f *pflag.Flag
	switch {
	case strings.HasPrefix(arg, "--") && !strings.Contains(arg, "="):
		f = cmd.Flags().Lookup(arg[2:])
	case len(arg) == 2 && arg[0] == '-':
		f = cmd.Flags().ShorthandLookup(arg[1:])
	}
	return f != nil && f.NoOptDefVal == ""
}

// unprotect undoes protectNegativeArgs on positional arguments.
func unprotect(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = strings.TrimPrefix(a, negativePrefix)
	}
	return out
}
