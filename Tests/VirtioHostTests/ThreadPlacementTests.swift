import Foundation
import Glibc
import Synchronization
import Testing

@testable import VirtioHost

/// `bench guest --pin`: the placement text, which QEMU thread gets which role, and that the masks really land on
/// the threads (read back with `sched_getaffinity`).
struct ThreadPlacementTests {
  @Test func parsesRolesInAnyOrderAndPrintsThemCanonically() throws {
    let p = try ThreadPlacement(parsing: "device=1,vcpu=0,qemu=1", cpuCount: 2)
    #expect(p == ThreadPlacement(vcpu: 0, qemu: 1, device: 1))
    #expect(p.description == "vcpu=0,qemu=1,device=1")
    let partial = try ThreadPlacement(parsing: "qemu=0", cpuCount: 2)
    #expect(partial == ThreadPlacement(qemu: 0))
    #expect(partial.description == "qemu=0")
    #expect(try ThreadPlacement(parsing: "none", cpuCount: 2).isNone)
    #expect(ThreadPlacement.none.description == "none")
  }

  @Test(arguments: [
    ("vcpu=2", "this machine has CPUs 0 to 1"), ("vcpu=-1", "expected ROLE=CPU"), ("vcpu", "expected ROLE=CPU"),
    ("vcpu=0,vcpu=1", "given twice"), ("iothread=0", "unknown role 'iothread'"), ("", "expected ROLE=CPU"),
    ("vcpu=0,", "expected ROLE=CPU"), ("vcpu=x", "expected ROLE=CPU"),
  ])
  func rejectsBadTextWithItsReason(text: String, reason: String) {
    do {
      _ = try ThreadPlacement(parsing: text, cpuCount: 2)
      Issue.record("'\(text)' was accepted")
    } catch {
      #expect(error.message.contains(reason), "\(error.message)")
    }
  }

  @Test func vcpuThreadsAreTheCPUNamedOnesEveryOtherThreadIsQEMUs() {
    let p = ThreadPlacement(vcpu: 0, qemu: 1)
    #expect(p.cpu(forQEMUThread: "CPU 0/TCG") == 0)
    #expect(p.cpu(forQEMUThread: "CPU 1/KVM") == 0)
    #expect(p.cpu(forQEMUThread: "qemu-system-x86") == 1)
    #expect(p.cpu(forQEMUThread: "call_rcu") == 1)
    #expect(p.cpu(forQEMUThread: "worker") == 1)
    #expect(ThreadPlacement(vcpu: 0).cpu(forQEMUThread: "qemu-system-x86") == nil)
    #expect(ThreadPlacement(qemu: 1).cpu(forQEMUThread: "CPU 0/TCG") == nil)
  }

  static func cpus(of tid: pid_t) -> [Int] { ThreadPlacement.allowedCPUs(of: tid) }

  @Test func pinsEveryThreadOfAProcessAndTheCallingThread() throws {
    let child = try ChildProcess(["sleep", "30"], logPath: "/dev/null", dieWithParent: false)
    defer { child.terminate(grace: 0) }
    let pinned = try ThreadPlacement(qemu: 0).applyToQEMU(pid: child.pid)
    #expect(pinned.map(\.tid) == [child.pid])
    #expect(Self.cpus(of: child.pid) == [0])
    // A vCPU role with no thread named `CPU n/…` (QEMU without debug-threads=on) is an error, not a silent no-op.
    #expect(throws: VhostUserError.self) { try ThreadPlacement(vcpu: 0, qemu: 0).applyToQEMU(pid: child.pid) }

    // The serving thread: a thread of our own, so the test runner's threads keep their masks.
    let result = Mutex<[Int]?>(nil)
    let thread = Thread {
      do {
        try ThreadPlacement(device: 0).applyToServingThread()
        result.withLock { $0 = Self.cpus(of: ThreadPlacement.currentThreadID()) }
      } catch {
        result.withLock { $0 = [] }
      }
    }
    thread.start()
    // Waits for the thread's answer (the condition), bounded so that a thread that never runs fails the test
    // instead of hanging it.
    let deadline = Monotonic.now + 60
    while result.withLock({ $0 }) == nil && Monotonic.now < deadline { usleep(1000) }
    #expect(result.withLock { $0 } == [0])
  }

  @Test func noRoleForQEMUPinsNothingThere() throws {
    #expect(try ThreadPlacement(device: 0).applyToQEMU(pid: getpid()).isEmpty)
  }
}
