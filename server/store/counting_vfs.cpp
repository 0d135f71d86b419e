// A pass-through SQLite VFS that counts file syncs (see db.hpp: store::syncs_total).
//
// Every call goes to the platform's default VFS unchanged; the only addition is a counter on
// xSync, so that /metrics and the benchmarks can show how many fsyncs the durable commit path
// really makes, rather than infer it from the number of transactions.
#include <atomic>
#include <mutex>

#include "store/db.hpp"

namespace hallq::store {

namespace {

std::atomic<std::int64_t> g_syncs{0};
sqlite3_vfs* g_base = nullptr;
sqlite3_vfs g_vfs{};
sqlite3_io_methods g_methods[3]{};  // one table per io_methods version the base files report

// Our file: SQLite allocates szOsFile bytes; the base VFS's file lives right after our header.
struct File {
  sqlite3_file self;
  sqlite3_file* base;
};

sqlite3_file* base_of(sqlite3_file* f) { return reinterpret_cast<File*>(f)->base; }

int x_close(sqlite3_file* f) { return base_of(f)->pMethods->xClose(base_of(f)); }
int x_read(sqlite3_file* f, void* p, int n, sqlite3_int64 off) { return base_of(f)->pMethods->xRead(base_of(f), p, n, off); }
int x_write(sqlite3_file* f, const void* p, int n, sqlite3_int64 off) {
  return base_of(f)->pMethods->xWrite(base_of(f), p, n, off);
}
int x_truncate(sqlite3_file* f, sqlite3_int64 size) { return base_of(f)->pMethods->xTruncate(base_of(f), size); }
int x_sync(sqlite3_file* f, int flags) {
  g_syncs.fetch_add(1, std::memory_order_relaxed);
  return base_of(f)->pMethods->xSync(base_of(f), flags);
}
int x_file_size(sqlite3_file* f, sqlite3_int64* size) { return base_of(f)->pMethods->xFileSize(base_of(f), size); }
int x_lock(sqlite3_file* f, int lock) { return base_of(f)->pMethods->xLock(base_of(f), lock); }
int x_unlock(sqlite3_file* f, int lock) { return base_of(f)->pMethods->xUnlock(base_of(f), lock); }
int x_check_reserved(sqlite3_file* f, int* out) { return base_of(f)->pMethods->xCheckReservedLock(base_of(f), out); }
int x_file_control(sqlite3_file* f, int op, void* arg) { return base_of(f)->pMethods->xFileControl(base_of(f), op, arg); }
int x_sector_size(sqlite3_file* f) { return base_of(f)->pMethods->xSectorSize(base_of(f)); }
int x_device(sqlite3_file* f) { return base_of(f)->pMethods->xDeviceCharacteristics(base_of(f)); }
int x_shm_map(sqlite3_file* f, int region, int size, int extend, void volatile** p) {
  return base_of(f)->pMethods->xShmMap(base_of(f), region, size, extend, p);
}
int x_shm_lock(sqlite3_file* f, int offset, int n, int flags) {
  return base_of(f)->pMethods->xShmLock(base_of(f), offset, n, flags);
}
void x_shm_barrier(sqlite3_file* f) { base_of(f)->pMethods->xShmBarrier(base_of(f)); }
int x_shm_unmap(sqlite3_file* f, int del) { return base_of(f)->pMethods->xShmUnmap(base_of(f), del); }
int x_fetch(sqlite3_file* f, sqlite3_int64 off, int n, void** p) { return base_of(f)->pMethods->xFetch(base_of(f), off, n, p); }
int x_unfetch(sqlite3_file* f, sqlite3_int64 off, void* p) { return base_of(f)->pMethods->xUnfetch(base_of(f), off, p); }

int v_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* f, int flags, int* out_flags) {
  auto* file = reinterpret_cast<File*>(f);
  file->self.pMethods = nullptr;  // SQLite calls xClose only on a file that opened
  file->base = reinterpret_cast<sqlite3_file*>(file + 1);
  const int rc = g_base->xOpen(g_base, name, file->base, flags, out_flags);
  if (rc != SQLITE_OK || file->base->pMethods == nullptr) return rc;
  const int version = file->base->pMethods->iVersion;
  file->self.pMethods = &g_methods[(version < 1 ? 1 : version > 3 ? 3 : version) - 1];
  return rc;
}
int v_delete(sqlite3_vfs*, const char* name, int sync_dir) { return g_base->xDelete(g_base, name, sync_dir); }
int v_access(sqlite3_vfs*, const char* name, int flags, int* out) { return g_base->xAccess(g_base, name, flags, out); }
int v_full_pathname(sqlite3_vfs*, const char* name, int n, char* out) { return g_base->xFullPathname(g_base, name, n, out); }
void* v_dl_open(sqlite3_vfs*, const char* name) { return g_base->xDlOpen(g_base, name); }
void v_dl_error(sqlite3_vfs*, int n, char* msg) { g_base->xDlError(g_base, n, msg); }
void (*v_dl_sym(sqlite3_vfs*, void* h, const char* sym))(void) { return g_base->xDlSym(g_base, h, sym); }
void v_dl_close(sqlite3_vfs*, void* h) { g_base->xDlClose(g_base, h); }
int v_randomness(sqlite3_vfs*, int n, char* out) { return g_base->xRandomness(g_base, n, out); }
int v_sleep(sqlite3_vfs*, int us) { return g_base->xSleep(g_base, us); }
int v_current_time(sqlite3_vfs*, double* out) { return g_base->xCurrentTime(g_base, out); }
int v_last_error(sqlite3_vfs*, int n, char* out) { return g_base->xGetLastError(g_base, n, out); }
int v_current_time64(sqlite3_vfs*, sqlite3_int64* out) { return g_base->xCurrentTimeInt64(g_base, out); }

void install() {
  // Before SQLite initialises (sqlite3_vfs_find does that): no global memory statistics, whose
  // mutex every allocation of every connection would take. A reader thread running at
  // background priority could otherwise hold it while the commit thread waits.
  sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  g_base = sqlite3_vfs_find(nullptr);
  if (g_base == nullptr) throw DbError(SQLITE_ERROR, SQLITE_ERROR, "SQLite has no default VFS");
  for (int v = 1; v <= 3; ++v) {
    auto& m = g_methods[v - 1];
    m.iVersion = v;
    m.xClose = x_close;
    m.xRead = x_read;
    m.xWrite = x_write;
    m.xTruncate = x_truncate;
    m.xSync = x_sync;
    m.xFileSize = x_file_size;
    m.xLock = x_lock;
    m.xUnlock = x_unlock;
    m.xCheckReservedLock = x_check_reserved;
    m.xFileControl = x_file_control;
    m.xSectorSize = x_sector_size;
    m.xDeviceCharacteristics = x_device;
    if (v >= 2) {
      m.xShmMap = x_shm_map;
      m.xShmLock = x_shm_lock;
      m.xShmBarrier = x_shm_barrier;
      m.xShmUnmap = x_shm_unmap;
    }
    if (v >= 3) {
      m.xFetch = x_fetch;
      m.xUnfetch = x_unfetch;
    }
  }
  g_vfs.iVersion = 2;  // up to xCurrentTimeInt64; the system-call hooks stay the base's business
  g_vfs.szOsFile = static_cast<int>(sizeof(File)) + g_base->szOsFile;
  g_vfs.mxPathname = g_base->mxPathname;
  g_vfs.zName = counting_vfs_name;
  g_vfs.xOpen = v_open;
  g_vfs.xDelete = v_delete;
  g_vfs.xAccess = v_access;
  g_vfs.xFullPathname = v_full_pathname;
  g_vfs.xDlOpen = v_dl_open;
  g_vfs.xDlError = v_dl_error;
  g_vfs.xDlSym = v_dl_sym;
  g_vfs.xDlClose = v_dl_close;
  g_vfs.xRandomness = v_randomness;
  g_vfs.xSleep = v_sleep;
  g_vfs.xCurrentTime = v_current_time;
  g_vfs.xGetLastError = v_last_error;
  g_vfs.xCurrentTimeInt64 = g_base->iVersion >= 2 && g_base->xCurrentTimeInt64 ? v_current_time64 : nullptr;
  const int rc = sqlite3_vfs_register(&g_vfs, 0);
  if (rc != SQLITE_OK) throw DbError(rc, rc, "cannot register the counting SQLite VFS");
}

}  // namespace

const char* counting_vfs() {
  static std::once_flag once;
  std::call_once(once, install);
  return counting_vfs_name;
}

std::int64_t syncs_total() noexcept { return g_syncs.load(std::memory_order_relaxed); }

}  // namespace hallq::store
