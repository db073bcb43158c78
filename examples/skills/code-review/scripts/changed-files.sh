#!/bin/sh
# Lists the files changed on this branch relative to main.
git diff --name-only "$(git merge-base HEAD main)"
