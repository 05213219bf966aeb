namespace SharedTyped.Generator;

public sealed partial class SharedArrayGenerator
{
    internal static partial class Emitter
    {
        private sealed partial class Body
        {
            private const string TimeSpan = "global::System.TimeSpan";

            /// <summary>
            /// The coordination members (versions, write scopes, waits, consistent copies, locks), each
            /// delegating to the runtime array; the read-only class gets the reading side. Listed in
            /// <c>Shared/GeneratedMembers.cs</c> as well.
            /// </summary>
            private void WriteSync(bool readOnly)
            {
                const string noSyncBlock = "<exception cref=\"global::System.NotSupportedException\">The segment was made without a sync block (by cdxcore or numpy).</exception>";
                var scope = $"{Runtime}.SharedArrayWriteScope";
                var span = $"global::System.Span<{_t}>";
                Member("The published version: 0 after <c>Create</c>, one more after each publish or write scope, in any process.",
                    "public long Version => _array.Version;", noSyncBlock);
                if (!readOnly)
                {
                    Member("Bumps the version and wakes every waiter in every process.",
                        "public long Publish() =>\n    _array.Publish();", "<returns>The new version.</returns>");
                    Member("Like <see cref=\"Publish()\"/>, waiting at most <paramref name=\"timeout\"/> for the sync block's word lock.",
                        $"public long Publish({TimeSpan} timeout) =>\n    _array.Publish(timeout);",
                        "<param name=\"timeout\">How long to wait for the word lock.</param>",
                        "<returns>The new version.</returns>");
                    Member("Opens a write: one writer at a time across processes, consistent readers wait; disposing the scope publishes.",
                        $"public {scope} BeginWrite() =>\n    _array.BeginWrite();", "<returns>The scope to dispose.</returns>");
                    Member("Like <see cref=\"BeginWrite()\"/>, waiting at most <paramref name=\"timeout\"/> for another writer.",
                        $"public {scope} BeginWrite({TimeSpan} timeout) =>\n    _array.BeginWrite(timeout);",
                        "<param name=\"timeout\">How long to wait for the write lock.</param>",
                        "<returns>The scope to dispose.</returns>");
                }
                Member("Sleeps (a futex, no polling) until the version differs from <paramref name=\"seenVersion\"/> or the timeout passes.",
                    $"public bool WaitForChange(long seenVersion, {TimeSpan} timeout, out long version) =>\n    _array.WaitForChange(seenVersion, timeout, out version);",
                    "<param name=\"seenVersion\">The version the caller has seen.</param>",
                    "<param name=\"timeout\">How long to wait; <c>Timeout.InfiniteTimeSpan</c> for no end.</param>",
                    "<param name=\"version\">The version now.</param>",
                    "<returns>Whether the version changed.</returns>");
                Member("Waits until the version differs from <paramref name=\"seenVersion\"/>.",
                    "public global::System.Threading.Tasks.ValueTask<long> WaitForChangeAsync(long seenVersion, global::System.Threading.CancellationToken cancellationToken = default) =>\n    _array.WaitForChangeAsync(seenVersion, cancellationToken);",
                    "<param name=\"seenVersion\">The version the caller has seen.</param>",
                    "<param name=\"cancellationToken\">Ends the wait early.</param>",
                    "<returns>The new version.</returns>");
                Member("Copies every element so that the copy is not torn (no write in progress, the version unchanged across it).",
                    $"public long ReadConsistent({span} destination) =>\n    _array.ReadConsistent(destination);",
                    "<param name=\"destination\">Exactly as many elements as the array.</param>",
                    "<returns>The version of the copy.</returns>");
                Member("Like <see cref=\"ReadConsistent(" + $"global::System.Span{{{_t}}}" + ")\"/>, giving up after <paramref name=\"timeout\"/>.",
                    $"public long ReadConsistent({span} destination, {TimeSpan} timeout) =>\n    _array.ReadConsistent(destination, timeout);",
                    "<param name=\"destination\">Exactly as many elements as the array.</param>",
                    "<param name=\"timeout\">How long to try.</param>",
                    "<returns>The version of the copy.</returns>");
                if (Rank > 0)
                {
                    Member("Like <see cref=\"ReadConsistent(" + $"global::System.Span{{{_t}}}" + ")\"/> for a range of rows of dimension 0.",
                        $"public long ReadConsistent({span} destination, long firstRow, long rowCount) =>\n    _array.ReadConsistent(destination, firstRow, rowCount);",
                        "<param name=\"destination\">Exactly as many elements as the rows hold.</param>",
                        "<param name=\"firstRow\">The first row.</param>",
                        "<param name=\"rowCount\">How many rows.</param>",
                        "<returns>The version of the copy.</returns>");
                }
                Member("One attempt of a consistent copy: false when a write was in progress or the version changed during it.",
                    $"public bool TryReadConsistent({span} destination, out long version) =>\n    _array.TryReadConsistent(destination, out version);",
                    "<param name=\"destination\">Exactly as many elements as the array.</param>",
                    "<param name=\"version\">The version of the copy, or the version now.</param>",
                    "<returns>Whether the copy is consistent.</returns>");
                Member("Takes the shared side of the cross-process reader/writer lock; the kernel releases it if this process dies.",
                    $"public {Runtime}.SharedArrayLock AcquireShared({TimeSpan} timeout) =>\n    _array.AcquireShared(timeout);",
                    "<param name=\"timeout\">How long to wait for an exclusive holder.</param>",
                    "<returns>The lock to dispose.</returns>");
                if (!readOnly)
                {
                    Member("Takes the exclusive side of the cross-process reader/writer lock.",
                        $"public {Runtime}.SharedArrayLock AcquireExclusive({TimeSpan} timeout) =>\n    _array.AcquireExclusive(timeout);",
                        "<param name=\"timeout\">How long to wait for other holders.</param>",
                        "<returns>The lock to dispose.</returns>");
                }
            }
        }
    }
}
