/// The app: state, messages, update and views (see Explorer.swift).
