package results

import (
	"os"

	"golang.org/x/sys/unix"
)

// startWriteback asks the system to start writing the n bytes of f from off to disk without
// waiting for them (sync_file_range with SYNC_FILE_RANGE_WRITE), so a later Sync finds them
// written. It is a hint: an error is ignored here, and Sync reports any write that failed.
var startWriteback = func(f *os.File, off, n int64) {
	rc, err := f.SyscallConn()
	if err != nil {
		return
	}
	rc.Control(func(fd uintptr) {
		unix.SyncFileRange(int(fd), off, n, unix.SYNC_FILE_RANGE_WRITE)
	})
}
