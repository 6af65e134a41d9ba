// node delete_objects.mjs ENDPOINT BUCKET: puts three keys, deletes two (and a missing one) with
// DeleteObjectsCommand and the SDK's default checksums, checks the answer. Exit code 0 on success.
import { S3Client, PutObjectCommand, DeleteObjectsCommand } from "@aws-sdk/client-s3";

const [endpoint, bucket] = process.argv.slice(2);
const client = new S3Client({
  endpoint, region: "us-east-1", forcePathStyle: true,
  credentials: { accessKeyId: "testing", secretAccessKey: "testing" },
});
for (const key of ["a", "b", "keep"]) {
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: "x" }));
}
const out = await client.send(new DeleteObjectsCommand({
  Bucket: bucket, Delete: { Objects: [{ Key: "a" }, { Key: "b" }, { Key: "missing" }] },
}));
if ((out.Deleted ?? []).length !== 3 || (out.Errors ?? []).length !== 0) {
  console.error(JSON.stringify(out));
  process.exit(1);
}
