"""Key rotation: rewriting a canton's data under the current master key version, in the
background, while the platform keeps reading and writing it (README "Rotating keys").

Every part works in short batches, each its own transaction, and locks the rows it rewrites
with SELECT ... FOR UPDATE SKIP LOCKED: a row a user is writing at that moment is skipped and
taken on the next pass, so a concurrent write is never overwritten with older data. A part is
done when no row of an older version is left; running it again finds nothing and rewrites
nothing, so an interrupted rotation is resumed by starting it again.
"""
