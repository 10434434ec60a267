//! The test card's ISO 7816-4 file system: MF, DFs (with optional AIDs) and transparent EFs, SELECT
//! by FID, path and DF name, and the FCP template it answers with.

use super::error::CardError;
use super::tlv;
use crate::error::Result;

/// The MF's file identifier.
pub const MF_FID: u16 = 0x3F00;

#[derive(Debug, Clone)]
pub(crate) struct Node {
    pub(crate) fid: u16,
    pub(crate) parent: Option<usize>,
    pub(crate) kind: Kind,
}

#[derive(Debug, Clone)]
pub(crate) enum Kind {
    Df {
        aid: Option<Vec<u8>>,
    },
    Ef {
        sfi: Option<u8>,
        data: Vec<u8>,
        /// The PIN reference that must be verified before reading, if any.
        read_pin: Option<u8>,
    },
}

/// What SELECT found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Selected {
    Df(usize),
    Ef(usize),
}

/// The file tree, nodes in an arena; node 0 is the MF.
#[derive(Debug, Clone)]
pub(crate) struct FileSystem {
    nodes: Vec<Node>,
}

impl Default for FileSystem {
    fn default() -> FileSystem {
        FileSystem {
            nodes: vec![Node {
                fid: MF_FID,
                parent: None,
                kind: Kind::Df { aid: None },
            }],
        }
    }
}

fn setup_error(reason: &'static str) -> crate::Error {
    CardError::ApduInvalid { reason }.into()
}

impl FileSystem {
    pub(crate) fn node(&self, index: usize) -> Option<&Node> {
        self.nodes.get(index)
    }

    pub(crate) fn node_mut(&mut self, index: usize) -> Option<&mut Node> {
        self.nodes.get_mut(index)
    }

    fn is_df(&self, index: usize) -> bool {
        matches!(self.node(index).map(|n| &n.kind), Some(Kind::Df { .. }))
    }

    fn children(&self, parent: usize) -> impl Iterator<Item = usize> + '_ {
        self.nodes
            .iter()
            .enumerate()
            .filter(move |(_, n)| n.parent == Some(parent))
            .map(|(i, _)| i)
    }

    fn child(&self, parent: usize, fid: u16) -> Option<usize> {
        self.children(parent)
            .find(|i| self.node(*i).is_some_and(|n| n.fid == fid))
    }

    /// The DF at `path` (FIDs below the MF, the MF itself excluded).
    pub(crate) fn df_at(&self, path: &[u16]) -> Result<usize> {
        let mut current = 0usize;
        for fid in path {
            current = self
                .child(current, *fid)
                .filter(|i| self.is_df(*i))
                .ok_or_else(|| setup_error("test card: no such DF on the path"))?;
        }
        Ok(current)
    }

    /// Adds a node under `parent`; FIDs must be unique among siblings and not 3F00.
    pub(crate) fn add(&mut self, parent: usize, fid: u16, kind: Kind) -> Result<usize> {
        if fid == MF_FID || fid == 0xFFFF || self.child(parent, fid).is_some() {
            return Err(setup_error("test card: FID taken or reserved"));
        }
        if let Kind::Ef { sfi: Some(sfi), .. } = kind {
            let taken = self.children(parent).any(|i| {
                matches!(self.node(i).map(|n| &n.kind), Some(Kind::Ef { sfi: Some(s), .. }) if *s == sfi)
            });
            if taken || sfi == 0 || sfi > 30 {
                return Err(setup_error("test card: SFI taken or out of 1..=30"));
            }
        }
        self.nodes.push(Node {
            fid,
            parent: Some(parent),
            kind,
        });
        Ok(self.nodes.len() - 1)
    }

    /// The parent DF of a node (the MF is its own parent).
    pub(crate) fn parent_of(&self, index: usize) -> usize {
        self.node(index).and_then(|n| n.parent).unwrap_or(0)
    }

    /// SELECT by FID (P1 = 00) as ISO 7816-4 searches: the MF, the current DF, its children, its
    /// parent and the parent's children.
    pub(crate) fn select_fid(&self, current_df: usize, fid: u16) -> Option<Selected> {
        if fid == MF_FID {
            return Some(Selected::Df(0));
        }
        let parent = self.parent_of(current_df);
        let found = [current_df]
            .into_iter()
            .filter(|i| self.node(*i).is_some_and(|n| n.fid == fid))
            .chain(self.child(current_df, fid))
            .chain(Some(parent).filter(|p| self.node(*p).is_some_and(|n| n.fid == fid)))
            .chain(self.child(parent, fid))
            .next()?;
        Some(self.classify(found))
    }

    /// SELECT a child DF (P1 = 01) or an EF (P1 = 02) of the current DF.
    pub(crate) fn select_child(
        &self,
        current_df: usize,
        fid: u16,
        want_df: bool,
    ) -> Option<Selected> {
        let found = self.child(current_df, fid)?;
        (self.is_df(found) == want_df).then(|| self.classify(found))
    }

    /// SELECT by DF name (P1 = 04): the first DF whose AID starts with `name`.
    pub(crate) fn select_aid(&self, name: &[u8]) -> Option<Selected> {
        if name.is_empty() {
            return None;
        }
        self.nodes
            .iter()
            .position(|n| matches!(&n.kind, Kind::Df { aid: Some(aid) } if aid.starts_with(name)))
            .map(Selected::Df)
    }

    /// SELECT by path (P1 = 08 from the MF, 09 from the current DF): FID pairs.
    pub(crate) fn select_path(&self, start: usize, path: &[u8]) -> Option<Selected> {
        if path.is_empty() || !path.len().is_multiple_of(2) {
            return None;
        }
        let mut current = start;
        let mut fids = path
            .chunks_exact(2)
            .map(|p| {
                u16::from_be_bytes([
                    p.first().copied().unwrap_or(0),
                    p.get(1).copied().unwrap_or(0),
                ])
            })
            .peekable();
        // A path from the MF may repeat 3F00 at its start.
        if start == 0 && fids.peek() == Some(&MF_FID) {
            fids.next();
        }
        let mut selected = Selected::Df(start);
        for fid in fids {
            if !self.is_df(current) {
                return None;
            }
            let next = self.child(current, fid)?;
            selected = self.classify(next);
            current = next;
        }
        Some(selected)
    }

    fn classify(&self, index: usize) -> Selected {
        if self.is_df(index) {
            Selected::Df(index)
        } else {
            Selected::Ef(index)
        }
    }

    /// The EF with short file identifier `sfi` in DF `df`.
    pub(crate) fn ef_by_sfi(&self, df: usize, sfi: u8) -> Option<usize> {
        self.children(df).find(|i| {
            matches!(self.node(*i).map(|n| &n.kind), Some(Kind::Ef { sfi: Some(s), .. }) if *s == sfi)
        })
    }

    /// The FCP template (tag 62) of a node: size, descriptor, FID, DF name, SFI.
    pub(crate) fn fcp(&self, index: usize) -> Vec<u8> {
        let mut body = Vec::new();
        if let Some(node) = self.node(index) {
            match &node.kind {
                Kind::Ef { sfi, data, .. } => {
                    let size = u16::try_from(data.len()).unwrap_or(u16::MAX);
                    tlv::encode(0x80, &size.to_be_bytes(), &mut body);
                    tlv::encode(0x82, &[0x01], &mut body);
                    tlv::encode(0x83, &node.fid.to_be_bytes(), &mut body);
                    if let Some(sfi) = sfi {
                        tlv::encode(0x88, &[sfi << 3], &mut body);
                    }
                }
                Kind::Df { aid } => {
                    tlv::encode(0x82, &[0x38], &mut body);
                    tlv::encode(0x83, &node.fid.to_be_bytes(), &mut body);
                    if let Some(aid) = aid {
                        tlv::encode(0x84, aid, &mut body);
                    }
                }
            }
        }
        let mut out = Vec::with_capacity(body.len() + 2);
        tlv::encode(0x62, &body, &mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ef(data: &[u8], sfi: Option<u8>) -> Kind {
        Kind::Ef {
            sfi,
            data: data.to_vec(),
            read_pin: None,
        }
    }

    fn tree() -> Option<(FileSystem, usize, usize, usize)> {
        let mut fs = FileSystem::default();
        let df = fs
            .add(
                0,
                0x5000,
                Kind::Df {
                    aid: Some(vec![0xA0, 0, 0, 1]),
                },
            )
            .ok()?;
        let ef1 = fs.add(df, 0x5001, ef(b"abc", Some(1))).ok()?;
        let top = fs.add(0, 0x2F00, ef(b"dir", None)).ok()?;
        Some((fs, df, ef1, top))
    }

    #[test]
    fn select_variants() {
        let Some((fs, df, ef1, top)) = tree() else {
            panic!("tree")
        };
        assert_eq!(fs.select_fid(df, 0x3F00), Some(Selected::Df(0)));
        assert_eq!(fs.select_fid(0, 0x5000), Some(Selected::Df(df)));
        assert_eq!(fs.select_fid(df, 0x5001), Some(Selected::Ef(ef1)));
        // Siblings of the current DF are visible through its parent.
        assert_eq!(fs.select_fid(df, 0x2F00), Some(Selected::Ef(top)));
        assert_eq!(fs.select_fid(0, 0x5001), None);
        assert_eq!(fs.select_child(0, 0x5000, true), Some(Selected::Df(df)));
        assert_eq!(fs.select_child(0, 0x5000, false), None);
        assert_eq!(fs.select_aid(&[0xA0, 0]), Some(Selected::Df(df)));
        assert_eq!(fs.select_aid(&[]), None);
        assert_eq!(
            fs.select_path(0, &[0x50, 0, 0x50, 1]),
            Some(Selected::Ef(ef1))
        );
        assert_eq!(
            fs.select_path(0, &[0x3F, 0, 0x50, 0]),
            Some(Selected::Df(df))
        );
        assert_eq!(fs.select_path(df, &[0x50, 1]), Some(Selected::Ef(ef1)));
        assert_eq!(fs.select_path(0, &[0x2F, 0, 0x50, 1]), None);
        assert_eq!(fs.select_path(0, &[0x50]), None);
        assert_eq!(fs.ef_by_sfi(df, 1), Some(ef1));
        assert_eq!(fs.df_at(&[0x5000]).ok(), Some(df));
        assert!(fs.df_at(&[0x2F00]).is_err());
    }

    #[test]
    fn setup_rules_and_fcp() {
        let Some((mut fs, df, ef1, _)) = tree() else {
            panic!("tree")
        };
        assert!(fs.add(df, 0x5001, ef(b"", None)).is_err());
        assert!(fs.add(df, 0x3F00, ef(b"", None)).is_err());
        assert!(fs.add(df, 0x5002, ef(b"", Some(1))).is_err());
        assert!(fs.add(df, 0x5003, ef(b"", Some(31))).is_err());
        let fcp = fs.fcp(ef1);
        assert_eq!(tlv::find(&fcp, 0x80).ok(), Some(Some(&[0u8, 3][..])));
        assert_eq!(tlv::find(&fcp, 0x83).ok(), Some(Some(&[0x50u8, 1][..])));
        assert_eq!(
            tlv::find(&fs.fcp(df), 0x84).ok(),
            Some(Some(&[0xA0u8, 0, 0, 1][..]))
        );
    }
}
