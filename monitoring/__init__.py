"""What we do with a plan: storage, reporting, progress, exports. No Streamlit here."""
