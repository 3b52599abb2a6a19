#!/bin/sh
# Screen tests: written with the terminal interface (issue 4).
echo "screen tests: none yet"
