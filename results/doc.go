// Package results holds one typed row per report and the writers that put them on disk.
//
// Every report is a CSV file per RFC 4180: UTF-8, a header row of snake_case column names, one
// row per item (long format), no index column, rows in a stable documented order. Files are
// written atomically: the rows go to a temporary file in the output folder, which is synced and
// then renamed over the old file, so after an error or an interrupt a reader finds either the
// previous complete file or the new complete one, never a half-written file. A Batch does the
// same for many files at once: each is synced in the background as it is written, and all are
// renamed at Commit. On Linux each 8 MB of a file is handed to the kernel's writeback as soon as
// it is written (sync_file_range), so the sync before the rename waits for the last part only.
//
// A row type implements Row: its Header and its Record (the fields in header order). Floats are
// formatted by FormatRounded so the same numbers give the same bytes on every machine. The rows of
// the large reports also implement CSVAppender, which appends the record's CSV bytes without
// building the []string; the writers prefer it, and FuzzAppendCSV pins its bytes to those
// encoding/csv writes for Record.
package results
