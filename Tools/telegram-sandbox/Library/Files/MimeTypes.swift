import Foundation

/// MIME types of documents: the declared part type when specific, otherwise by file extension.
enum MimeTypes {
    static let byExtension: [String: String] = [
        "pdf": "application/pdf", "csv": "text/csv", "txt": "text/plain", "json": "application/json",
        "zip": "application/zip", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg",
        "svg": "image/svg+xml", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "html": "text/html",
    ]

    static func forFile(named name: String?, declared: String?) -> String {
        if let declared = declared?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased(),
           !declared.isEmpty, declared != "application/octet-stream"
        {
            return declared
        }
        if let name, let dot = name.lastIndex(of: ".") {
            let fileExtension = name[name.index(after: dot)...].lowercased()
            if let type = byExtension[fileExtension] { return type }
        }
        return "application/octet-stream"
    }
}
