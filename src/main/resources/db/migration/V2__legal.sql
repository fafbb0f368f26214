-- Legal <-> data index (seed role O27). Portable SQL: the same script runs on H2 and PostgreSQL.
CREATE TABLE legal_record (
    id          VARCHAR(200) NOT NULL PRIMARY KEY,
    fields      TEXT         NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    source      VARCHAR(500) NOT NULL,
    indexed_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE legal_document (
    id           VARCHAR(200)  NOT NULL PRIMARY KEY,
    matter       VARCHAR(200)  NOT NULL,
    title        VARCHAR(500)  NOT NULL,
    jurisdiction VARCHAR(100)  NOT NULL,
    version      VARCHAR(50)   NOT NULL,
    content_hash CHAR(64)      NOT NULL,
    path         VARCHAR(1000) NOT NULL,
    sources      TEXT          NOT NULL,
    indexed_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE legal_citation (
    document_id VARCHAR(200) NOT NULL,
    record_id   VARCHAR(200) NOT NULL,
    PRIMARY KEY (document_id, record_id)
);
CREATE INDEX legal_citation_record ON legal_citation (record_id);

-- A document is stale while it has rows here: a record it cites changed after it was indexed.
CREATE TABLE legal_stale (
    document_id    VARCHAR(200) NOT NULL,
    record_id      VARCHAR(200) NOT NULL,
    changed_fields TEXT         NOT NULL,
    marked_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (document_id, record_id)
);
