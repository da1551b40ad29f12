import Foundation

/// Uploaded files in memory, addressed the way Telegram addresses them: each `file_id` belongs to one bot,
/// a photo has several sizes (each its own `file_id`, all served from the one uploaded image), and `getFile`
/// gives a `file_path` for `/file/bot<token>/<file_path>`. Bounded: beyond `capacityBytes` the oldest uploads
/// are forgotten (their file_ids then fail like unknown ones).
struct FileStore {
    enum Kind: String {
        case photo, document
    }

    struct StoredFile {
        let fileId: String
        let fileUniqueId: String
        let botId: Int64
        let kind: Kind
        let blobKey: String
        let size: Int
        let mimeType: String
        let fileName: String?
        var filePath: String?
    }

    private struct Blob {
        let data: Data
        let mimeType: String
        /// The sizes of a photo upload, smallest first, as Message.photo lists them.
        var photoSizes: [BotAPI.PhotoSize]
        var document: BotAPI.Document?
    }

    let capacityBytes: Int
    private var files: [String: StoredFile] = [:]
    private var blobs: [String: Blob] = [:]
    private var blobOrder: [String] = []
    private var blobFileIds: [String: [String]] = [:]
    private var totalBytes = 0
    private var paths: [String: String] = [:]  // "<bot>/<path>" → file_id
    private var nextPathNumber = 0

    init(capacityBytes: Int) {
        self.capacityBytes = capacityBytes
    }

    mutating func removeAll() {
        self = FileStore(capacityBytes: capacityBytes)
    }

    func file(_ fileId: String) -> StoredFile? { files[fileId] }

    /// The photo sizes of the upload a photo `file_id` belongs to.
    func photoSizes(forFileId fileId: String) -> [BotAPI.PhotoSize]? {
        guard let file = files[fileId], file.kind == .photo else { return nil }
        return blobs[file.blobKey]?.photoSizes
    }

    func document(forFileId fileId: String) -> BotAPI.Document? {
        guard let file = files[fileId], file.kind == .document else { return nil }
        return blobs[file.blobKey]?.document
    }

    /// Stores a photo for `botId` and returns its sizes: Telegram-like thumbnails (90, 320, 800, 1280 px on the
    /// longer side, those smaller than the original) and the original (at most 2560 px), largest last.
    mutating func storePhoto(botId: Int64, data: Data, image: ImageInfo) -> [BotAPI.PhotoSize] {
        let blobKey = Self.randomToken(bytes: 12)
        let longer = max(image.width, image.height)
        var sides = [90, 320, 800, 1280].filter { $0 < longer }
        sides.append(min(longer, 2560))
        var sizes: [BotAPI.PhotoSize] = []
        var ids: [String] = []
        for (index, side) in sides.enumerated() {
            let scale = Double(side) / Double(longer)
            let isOriginal = index == sides.count - 1
            let width = max(1, Int((Double(image.width) * scale).rounded()))
            let height = max(1, Int((Double(image.height) * scale).rounded()))
            let size = isOriginal ? data.count : max(1, Int(Double(data.count) * scale * scale))
            let fileId = "AgACAgIAAxkBAAI" + Self.randomToken(bytes: 24)
            let unique = "AQAD" + Self.randomToken(bytes: 9)
            files[fileId] = StoredFile(fileId: fileId, fileUniqueId: unique, botId: botId, kind: .photo,
                                       blobKey: blobKey, size: size, mimeType: image.format.mimeType,
                                       fileName: nil, filePath: nil)
            ids.append(fileId)
            sizes.append(BotAPI.PhotoSize(fileId: fileId, fileUniqueId: unique, width: width, height: height,
                                          fileSize: size))
        }
        addBlob(key: blobKey, blob: Blob(data: data, mimeType: image.format.mimeType, photoSizes: sizes), ids: ids)
        return sizes
    }

    mutating func storeDocument(botId: Int64, data: Data, fileName: String?, mimeType: String) -> BotAPI.Document {
        let blobKey = Self.randomToken(bytes: 12)
        let fileId = "BQACAgIAAxkBAAI" + Self.randomToken(bytes: 24)
        let unique = "AgAD" + Self.randomToken(bytes: 9)
        files[fileId] = StoredFile(fileId: fileId, fileUniqueId: unique, botId: botId, kind: .document,
                                   blobKey: blobKey, size: data.count, mimeType: mimeType, fileName: fileName,
                                   filePath: nil)
        let document = BotAPI.Document(fileId: fileId, fileUniqueId: unique, fileName: fileName, mimeType: mimeType,
                                       fileSize: data.count)
        addBlob(key: blobKey, blob: Blob(data: data, mimeType: mimeType, photoSizes: [], document: document),
                ids: [fileId])
        return document
    }

    /// getFile: the File object, assigning a download path on first use.
    mutating func getFile(botId: Int64, fileId: String) -> BotAPI.File? {
        guard var file = files[fileId], file.botId == botId, blobs[file.blobKey] != nil else { return nil }
        if file.filePath == nil {
            nextPathNumber += 1
            let path: String
            switch file.kind {
            case .photo:
                path = "photos/file_\(nextPathNumber).\(file.mimeType == "image/png" ? "png" : "jpg")"
            case .document:
                let fileExtension = file.fileName.flatMap { name -> String? in
                    guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
                    let suffix = name[name.index(after: dot)...]
                    return suffix.isEmpty || suffix.count > 8 ? nil : String(suffix)
                }
                path = "documents/file_\(nextPathNumber)" + (fileExtension.map { ".\($0)" } ?? "")
            }
            file.filePath = path
            files[fileId] = file
            paths["\(botId)/\(path)"] = fileId
        }
        return BotAPI.File(fileId: file.fileId, fileUniqueId: file.fileUniqueId, fileSize: file.size,
                           filePath: file.filePath)
    }

    /// The bytes behind a `file_path` that `getFile` gave this bot.
    func download(botId: Int64, path: String) -> (data: Data, mimeType: String)? {
        guard let fileId = paths["\(botId)/\(path)"], let file = files[fileId], let blob = blobs[file.blobKey] else {
            return nil
        }
        return (blob.data, blob.mimeType)
    }

    /// The bytes behind any file_id (for the control API and the chat page).
    func content(fileId: String) -> (data: Data, mimeType: String, fileName: String?)? {
        guard let file = files[fileId], let blob = blobs[file.blobKey] else { return nil }
        return (blob.data, blob.mimeType, file.fileName)
    }

    private mutating func addBlob(key: String, blob: Blob, ids: [String]) {
        blobs[key] = blob
        blobOrder.append(key)
        blobFileIds[key] = ids
        totalBytes += blob.data.count
        while totalBytes > capacityBytes, blobOrder.count > 1 {
            let oldest = blobOrder.removeFirst()
            if let removed = blobs.removeValue(forKey: oldest) { totalBytes -= removed.data.count }
            for fileId in blobFileIds.removeValue(forKey: oldest) ?? [] {
                if let path = files.removeValue(forKey: fileId)?.filePath {
                    paths = paths.filter { $0.value != fileId || !$0.key.hasSuffix(path) }
                }
            }
        }
    }

    /// URL-safe random text, like the opaque identifiers Telegram hands out.
    static func randomToken(bytes count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
