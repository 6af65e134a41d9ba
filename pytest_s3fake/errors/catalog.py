"""The S3 error catalog: one row per error code, curated by hand.

Codes come from the DeleteObjects reference page (`source="seed"`), plus the few codes that the
operations we emulate answer and the page does not list (`source="s3-docs"`). `message` is the text
S3 puts in `<Message>` on the wire (which often differs from the page's description); `fields` are
the extra elements S3 adds to the `<Error>` document for that code.

Where the page gives no HTTP status ("N/A"), the status is the one S3 really answers with; those rows
say so in `note`, and docs/errors.md lists them. Run `python scripts/gen_errors.py` after editing.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ErrorSpec:
    code: str
    status: int
    message: str
    fields: tuple[str, ...] = ()
    source: str = "seed"
    note: str = ""


_ROWS = (
    # The expired-presigned-URL form of AccessDenied carries X-Amz-Expires, Expires and ServerTime.
    ErrorSpec("AccessDenied", 403, "Access Denied", ("X-Amz-Expires", "Expires", "ServerTime")),
    ErrorSpec("AccountProblem", 403, "There is a problem with your AWS account that prevents the action from completing successfully. Contact AWS Support for further assistance."),
    ErrorSpec("AllAccessDisabled", 403, "All access to this Amazon S3 resource has been disabled. Contact AWS Support for further assistance."),
    ErrorSpec("AmbiguousGrantByEmailAddress", 400, "The email address you provided is associated with more than one account."),
    ErrorSpec("AuthorizationHeaderMalformed", 400, "The authorization header you provided is invalid.", ("Region",),
              note="The page lists both 400 and N/A; S3 answers 400."),
    ErrorSpec("AuthorizationQueryParametersError", 400, "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.",
              source="s3-docs"),
    ErrorSpec("BadDigest", 400, "The Content-MD5 you specified did not match what we received.", ("ExpectedDigest", "CalculatedDigest")),
    ErrorSpec("BucketAlreadyExists", 409, "The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.", ("BucketName",)),
    ErrorSpec("BucketAlreadyOwnedByYou", 409, "Your previous request to create the named bucket succeeded and you already own it.", ("BucketName",)),
    ErrorSpec("BucketNotEmpty", 409, "The bucket you tried to delete is not empty", ("BucketName",)),
    ErrorSpec("CredentialsNotSupported", 400, "This request does not support credentials."),
    ErrorSpec("CrossLocationLoggingProhibited", 403, "Cross-location logging not allowed. Buckets in one geographic location cannot log information to a bucket in another location."),
    ErrorSpec("EntityTooSmall", 400, "Your proposed upload is smaller than the minimum allowed object size.", ("ProposedSize", "MinSizeAllowed", "PartNumber", "ETag")),
    ErrorSpec("EntityTooLarge", 400, "Your proposed upload exceeds the maximum allowed object size.", ("ProposedSize", "MaxSizeAllowed")),
    ErrorSpec("ExpiredToken", 400, "The provided token has expired."),
    ErrorSpec("IllegalVersioningConfigurationException", 400, "The versioning configuration specified in the request is invalid."),
    ErrorSpec("IncompleteBody", 400, "You did not provide the number of bytes specified by the Content-Length HTTP header"),
    ErrorSpec("IncorrectNumberOfFilesInPostRequest", 400, "POST requires exactly one file upload per request."),
    ErrorSpec("InlineDataTooLarge", 400, "Inline data exceeds the maximum allowed size."),
    ErrorSpec("InternalError", 500, "We encountered an internal error. Please try again."),
    ErrorSpec("InvalidAccessKeyId", 403, "The AWS Access Key Id you provided does not exist in our records.", ("AWSAccessKeyId",)),
    ErrorSpec("InvalidAddressingHeader", 400, "You must specify the Anonymous role.",
              note="The page gives no HTTP status (N/A); S3 answers 400 Bad Request for addressing errors."),
    ErrorSpec("InvalidArgument", 400, "Invalid Argument", ("ArgumentName", "ArgumentValue")),
    ErrorSpec("InvalidBucketName", 400, "The specified bucket is not valid.", ("BucketName",)),
    ErrorSpec("InvalidBucketState", 409, "The request is not valid with the current state of the bucket.", ("BucketName",)),
    ErrorSpec("InvalidDigest", 400, "The Content-MD5 you specified was invalid.", ("Content-MD5",)),
    ErrorSpec("InvalidEncryptionAlgorithmError", 400, "The encryption request you specified is not valid. The valid value is AES256.", ("ArgumentName", "ArgumentValue")),
    ErrorSpec("InvalidLocationConstraint", 400, "The specified location-constraint is not valid", ("LocationConstraint",)),
    ErrorSpec("InvalidObjectState", 403, "The operation is not valid for the object's storage class", ("StorageClass", "AccessTier")),
    ErrorSpec("InvalidPart", 400, "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not match the part's entity tag.", ("UploadId", "PartNumber", "ETag")),
    ErrorSpec("InvalidPartOrder", 400, "The list of parts was not in ascending order. Parts must be ordered by part number.", ("UploadId",)),
    ErrorSpec("InvalidPayer", 403, "All access to this object has been disabled. Please contact AWS Support for further assistance."),
    ErrorSpec("InvalidPolicyDocument", 400, "The content of the form does not meet the conditions specified in the policy document."),
    ErrorSpec("InvalidRange", 416, "The requested range is not satisfiable", ("RangeRequested", "ActualObjectSize")),
    ErrorSpec("InvalidRequest", 400, "Invalid Request",
              note="The page lists several InvalidRequest messages (signature version, SOAP over HTTPS, Transfer Acceleration); each is raised with its own message."),
    ErrorSpec("InvalidSecurity", 403, "The provided security credentials are not valid."),
    ErrorSpec("InvalidSOAPRequest", 400, "The SOAP request body is invalid."),
    ErrorSpec("InvalidStorageClass", 400, "The storage class you specified is not valid", ("StorageClassRequested",)),
    ErrorSpec("InvalidTargetBucketForLogging", 400, "The target bucket for logging does not exist, is not owned by you, or does not have the appropriate grants for the log-delivery group.", ("TargetBucket",)),
    ErrorSpec("InvalidToken", 400, "The provided token is malformed or otherwise invalid."),
    ErrorSpec("InvalidURI", 400, "Couldn't parse the specified URI.", ("URI",)),
    ErrorSpec("KeyTooLongError", 400, "Your key is too long", ("Size", "MaxSizeAllowed")),
    ErrorSpec("MalformedACLError", 400, "The XML you provided was not well-formed or did not validate against our published schema"),
    ErrorSpec("MalformedPOSTRequest", 400, "The body of your POST request is not well-formed multipart/form-data."),
    ErrorSpec("MalformedXML", 400, "The XML you provided was not well-formed or did not validate against our published schema"),
    ErrorSpec("MaxMessageLengthExceeded", 400, "Your request was too big.", ("MaxMessageLengthBytes",)),
    ErrorSpec("MaxPostPreDataLengthExceededError", 400, "Your POST request fields preceding the upload file were too large."),
    ErrorSpec("MetadataTooLarge", 400, "Your metadata headers exceed the maximum allowed metadata size.", ("Size", "MaxSizeAllowed")),
    ErrorSpec("MethodNotAllowed", 405, "The specified method is not allowed against this resource.", ("Method", "ResourceType")),
    ErrorSpec("MissingAttachment", 400, "A SOAP attachment was expected, but none were found.",
              note="The page gives no HTTP status (N/A); SOAP is retired, and S3 answers request-shape errors with 400."),
    ErrorSpec("MissingContentLength", 411, "You must provide the Content-Length HTTP header."),
    ErrorSpec("MissingRequestBodyError", 400, "Request Body is empty"),
    ErrorSpec("MissingSecurityElement", 400, "The SOAP 1.1 request is missing a security element."),
    ErrorSpec("MissingSecurityHeader", 400, "Your request was missing a required header", ("MissingHeaderName",)),
    ErrorSpec("NoLoggingStatusForKey", 400, "There is no such thing as a logging status subresource for a key."),
    ErrorSpec("NoSuchBucket", 404, "The specified bucket does not exist", ("BucketName",)),
    ErrorSpec("NoSuchBucketPolicy", 404, "The bucket policy does not exist", ("BucketName",)),
    ErrorSpec("NoSuchKey", 404, "The specified key does not exist.", ("Key",)),
    ErrorSpec("NoSuchLifecycleConfiguration", 404, "The lifecycle configuration does not exist", ("BucketName",)),
    ErrorSpec("NoSuchUpload", 404, "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.", ("UploadId",)),
    ErrorSpec("NoSuchVersion", 404, "The specified version does not exist.", ("Key", "VersionId")),
    ErrorSpec("NotImplemented", 501, "A header you provided implies functionality that is not implemented", ("Header", "Operation")),
    ErrorSpec("NotSignedUp", 403, "Your account is not signed up for the Amazon S3 service."),
    ErrorSpec("OperationAborted", 409, "A conflicting conditional operation is currently in progress against this resource. Please try again."),
    ErrorSpec("PermanentRedirect", 301, "The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.", ("BucketName", "Endpoint")),
    ErrorSpec("PreconditionFailed", 412, "At least one of the pre-conditions you specified did not hold", ("Condition",)),
    ErrorSpec("Redirect", 307, "Temporary redirect.", ("BucketName", "Endpoint")),
    ErrorSpec("RestoreAlreadyInProgress", 409, "Object restore is already in progress"),
    ErrorSpec("RequestIsNotMultiPartContent", 400, "Bucket POST must be of the enclosure-type multipart/form-data."),
    ErrorSpec("RequestTimeout", 400, "Your socket connection to the server was not read from or written to within the timeout period. Idle connections will be closed."),
    ErrorSpec("RequestTimeTooSkewed", 403, "The difference between the request time and the current time is too large.", ("RequestTime", "ServerTime", "MaxAllowedSkewMilliseconds")),
    ErrorSpec("RequestTorrentOfBucketError", 400, "Requesting the torrent file of a bucket is not permitted."),
    ErrorSpec("SignatureDoesNotMatch", 403, "The request signature we calculated does not match the signature you provided. Check your key and signing method.", ("AWSAccessKeyId", "StringToSign", "SignatureProvided", "StringToSignBytes", "CanonicalRequest", "CanonicalRequestBytes")),
    ErrorSpec("ServiceUnavailable", 503, "Please reduce your request rate."),
    ErrorSpec("SlowDown", 503, "Please reduce your request rate."),
    ErrorSpec("TemporaryRedirect", 307, "Please re-send this request to the specified temporary endpoint. Continue to use the original request endpoint for future requests.", ("BucketName", "Endpoint")),
    ErrorSpec("TokenRefreshRequired", 400, "The provided token must be refreshed."),
    ErrorSpec("TooManyBuckets", 400, "You have attempted to create more buckets than allowed"),
    ErrorSpec("UnexpectedContent", 400, "This request does not support content"),
    ErrorSpec("UnresolvableGrantByEmailAddress", 400, "The e-mail address you provided does not match any account on record."),
    ErrorSpec("UserKeyMustBeSpecified", 400, "The bucket POST must contain the specified field name. If it is specified, please check the order of the fields."),
    # Codes the emulated operations answer that the DeleteObjects page does not list.
    ErrorSpec("IllegalLocationConstraintException", 400, "The unspecified location constraint is incompatible for the region specific endpoint this request was sent to.", source="s3-docs"),
    ErrorSpec("AccessControlListNotSupported", 400, "The bucket does not allow ACLs", source="s3-docs",
              note="Buckets use Object Ownership BucketOwnerEnforced (the S3 default since April 2023): ACLs are disabled."),
    ErrorSpec("InvalidRetentionPeriod", 400, "The retain until date must be in the future!", source="s3-docs"),
    ErrorSpec("BadRequest", 400, "Bad Request", source="s3-docs",
              note="S3 answers this code for too many object tags: 'Object tags cannot be greater than 10'."),
    ErrorSpec("InvalidPartNumber", 416, "The requested partnumber is not satisfiable", ("PartNumberRequested", "ActualPartCount"), source="s3-docs"),
    ErrorSpec("InvalidTag", 400, "The TagValue you have provided is invalid", ("TagKey", "TagValue"), source="s3-docs"),
    ErrorSpec("NoSuchObjectLockConfiguration", 404, "The specified object does not have a ObjectLock configuration", source="s3-docs"),
    ErrorSpec("NoSuchTagSet", 404, "The TagSet does not exist", ("BucketName",), source="s3-docs"),
    ErrorSpec("NotModified", 304, "Not Modified", source="s3-docs",
              note="Conditional GET/HEAD answer; like HEAD errors it carries no body."),
    ErrorSpec("ObjectLockConfigurationNotFoundError", 404, "Object Lock configuration does not exist for this bucket", ("BucketName",), source="s3-docs"),
    ErrorSpec("RequestHeaderSectionTooLarge", 400, "Your request header section exceeds the maximum allowed size.", ("MaxSizeAllowed",), source="s3-docs",
              note="The HTTP door's answer to a header line or header section over its limits."),
    ErrorSpec("MalformedPolicy", 400, "This policy contains invalid Json", source="s3-docs",
              note="PutBucketPolicy raises it with the message for what is wrong (first byte, missing field, action, resource, principal)."),
    ErrorSpec("NoSuchPublicAccessBlockConfiguration", 404, "The public access block configuration was not found", ("BucketName",), source="s3-docs"),
    ErrorSpec("OwnershipControlsNotFoundError", 404, "The bucket ownership controls were not found", ("BucketName",), source="s3-docs"),
    ErrorSpec("InvalidBucketAclWithBlockPublicAccessError", 400, "Bucket cannot have public ACLs set with BlockPublicAccess enabled", source="s3-docs",
              note="CreateBucket with a public ACL: new buckets block public ACLs."),
    ErrorSpec("InvalidBucketAclWithObjectOwnership", 400, "Bucket cannot have ACLs set with ObjectOwnership's BucketOwnerEnforced setting", source="s3-docs"),
    ErrorSpec("XAmzContentSHA256Mismatch", 400, "The provided 'x-amz-content-sha256' header does not match what was computed.", ("ClientComputedContentSHA256", "S3ComputedContentSHA256"), source="s3-docs"),
    # Bucket configurations (CORS, website, logging, replication, the Id-keyed families), as recorded
    # against AWS in LocalStack's aws.validated snapshots (tests/aws/services/s3/).
    ErrorSpec("AccessForbidden", 403, "CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.", ("Method", "ResourceType"), source="s3-docs",
              note="Answered to a CORS preflight (OPTIONS) that no rule allows; the message's typo is S3's."),
    ErrorSpec("CrossLocationLoggingProhibitted", 403, "Cross S3 location logging not allowed. ", ("SourceBucketLocation", "TargetBucketLocation"), source="s3-docs",
              note="PutBucketLogging to a target bucket in another region; the code's spelling is what S3 sends (the reference page lists CrossLocationLoggingProhibited)."),
    ErrorSpec("IdMismatch", 400, "Document ID does not match the specified configuration ID.", source="s3-docs"),
    ErrorSpec("InvalidS3DestinationBucket", 400, "Invalid bucket ARN.", source="s3-docs"),
    ErrorSpec("NoSuchConfiguration", 404, "The specified configuration does not exist.", source="s3-docs"),
    ErrorSpec("NoSuchCORSConfiguration", 404, "The CORS configuration does not exist", ("BucketName",), source="s3-docs"),
    ErrorSpec("NoSuchWebsiteConfiguration", 404, "The specified bucket does not have a website configuration", ("BucketName",), source="s3-docs"),
    ErrorSpec("ReplicationConfigurationNotFoundError", 404, "The replication configuration was not found", ("BucketName",), source="s3-docs"),
    # S3 Metadata: the not-found code as the Terraform AWS provider (run against AWS) handles it; the
    # conflict code is not confirmed by any AWS recording we know (docs/differences.md).
    ErrorSpec("MetadataConfigurationNotFound", 404, "The specified bucket does not have a metadata configuration.", ("BucketName",), source="s3-docs",
              note="Get/Delete/Update of an S3 Metadata configuration (V1 or V2) on a bucket without one."),
    # Object annotations: the error shapes botocore's model gives the annotation operations.
    ErrorSpec("AnnotationLimitExceeded", 400, "The request would exceed the maximum number of annotations allowed per object.", source="s3-docs"),
    ErrorSpec("AnnotationNameTooLong", 400, "The annotation name exceeds 512 bytes.", source="s3-docs"),
    ErrorSpec("InvalidAnnotationName", 400, "The annotation name you provided is invalid.", source="s3-docs"),
    ErrorSpec("InvalidPrefix", 400, "The annotation prefix you provided is invalid.", source="s3-docs"),
    ErrorSpec("NoSuchAnnotation", 404, "The specified annotation does not exist on this object.", source="s3-docs"),
    ErrorSpec("UnsupportedMediaType", 415, "The annotation payload is not valid UTF-8 encoded text.", source="s3-docs"),
    ErrorSpec("MetadataConfigurationAlreadyExists", 409, "A metadata configuration already exists for this bucket.", ("BucketName",), source="s3-docs",
              note="Creating an S3 Metadata configuration (V1 or V2) on a bucket that has one; the code is not confirmed against AWS."),
)

CATALOG: dict[str, ErrorSpec] = {row.code: row for row in _ROWS}
assert len(CATALOG) == len(_ROWS), "duplicate error code in the catalog"
